"""The core write helpers: a row lock before every change, the version check, and audit
events whose "before" comes from the stored row rather than from the caller's copy.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from qms.core.errors import StaleVersion
from qms.core.services import lock_for_change
from qms.organizations.models import Site
from qms.organizations.tests.factories import SiteFactory

# --- lock_for_change --------------------------------------------------------------------


@pytest.mark.django_db
def test_lock_for_change_returns_the_stored_row_not_the_callers_copy():
    # given a copy read before someone else renamed the site
    site = SiteFactory(name="A")
    stale_copy = Site.objects.get(pk=site.pk)
    Site.objects.filter(pk=site.pk).update(name="B")
    # when
    with transaction.atomic():
        locked = lock_for_change(stale_copy, version=None)
    # then
    assert locked.name == "B"
    assert stale_copy.name == "A"


@pytest.mark.django_db
def test_lock_for_change_accepts_the_current_version():
    # given
    site = Site.objects.get(pk=SiteFactory(name="A").pk)
    # when
    with transaction.atomic():
        locked = lock_for_change(site, version=site.version)
    # then
    assert locked.pk == site.pk


@pytest.mark.django_db
def test_lock_for_change_refuses_an_old_version_and_names_what_changed():
    # given an editor holding version 1 while the stored row moved on to version 2
    site = SiteFactory(name="A", employees=5)
    editor_copy = Site.objects.get(pk=site.pk)
    Site.objects.filter(pk=site.pk).update(name="B", version=2)
    # when
    with transaction.atomic(), pytest.raises(StaleVersion) as refused:
        lock_for_change(editor_copy, version=1)
    # then
    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert refused.value.changes == {"name": "B"}
    assert refused.value.code == "stale"


def test_lock_for_change_outside_a_transaction_is_a_programming_error(transactional_db):
    # given
    site = Site.objects.get(pk=SiteFactory().pk)
    # when / then
    with pytest.raises(RuntimeError):
        lock_for_change(site, version=None)
