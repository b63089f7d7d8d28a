"""The analysis panel's buttons follow every role the member holds: a viewer who is also a
process owner sees them on the nonconformities they manage, and only there."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.permissions import Role
from qms.nonconformities.tests.factories import NonconformityFactory

from .factories import RootCauseAnalysisFactory

pytestmark = pytest.mark.django_db


def test_an_additional_conditional_role_shows_the_buttons_where_it_holds(
    organization: Any, client_for: Any, quality_manager: Any
) -> None:
    person = MembershipFactory(
        organization=organization,
        role=Role.VIEWER,
        additional_roles=[Role.PROCESS_OWNER],
        user=UserFactory(email="also@acme.test"),
    ).user
    theirs = NonconformityFactory(organization=organization, owner=person)
    other = NonconformityFactory(organization=organization, owner=quality_manager)
    for nc in (theirs, other):
        RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    client = client_for(person)
    own_page = client.get(theirs.get_absolute_url()).content.decode()
    other_page = client.get(other.get_absolute_url()).content.decode()
    assert "Edit the analysis" in own_page and "Record a disposition" in own_page
    assert "Edit the analysis" not in other_page and "Record a disposition" not in other_page
