"""The one-time link e-mailed to a new external person opens the set-password form once."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_link_sets_the_password_once(
    make_grant: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        grant = make_grant()
    (message,) = mail.outbox
    found = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body)
    assert found is not None
    path = urlsplit(found.group(0)).path
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "Calibrated-gauges-2026"
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    grant.grantee.refresh_from_db()
    assert grant.grantee.check_password(new)
    assert "Link expired" in client.get(path, follow=True).content.decode()
