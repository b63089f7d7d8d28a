"""The checklist's offline queue never takes an ended session for "saved" (issue 16): a JSON
answer from an anonymous user gets 401 JSON (not a redirect to the log-in page that fetch
would follow to a 200 HTML page); a form post still redirects to the log-in page; the page
ties the queue's keys to the organization and the user."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qms.internal_audits.models import Audit, ChecklistItem

from . import test_checklist_fixtures as fx

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db

SESSION_ENDED = "Your session has ended: log in again; your answers are kept in this browser."


def _first(audit: Audit) -> ChecklistItem:
    return ChecklistItem.objects.filter(audit=audit).order_by("position").first()


def _url(item: ChecklistItem) -> str:
    return reverse("internal_audits:checklistitem_edit", args=[item.pk])


def test_a_json_answer_after_the_session_ended_is_401_json_and_saves_nothing(
    audit: Audit,
) -> None:
    item = _first(audit)
    response = Client().post(
        _url(item),
        data=json.dumps({"answer": "conform", "notes": "", "version": item.version}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": SESSION_ENDED}
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT": "application/json"},
        {"HTTP_X_REQUESTED_WITH": "fetch"},
    ],
)
def test_a_script_asking_for_json_gets_401_whatever_the_body(
    audit: Audit, headers: dict[str, str]
) -> None:
    item = _first(audit)
    response = Client().post(_url(item), data={"answer": "conform"}, **headers)
    assert response.status_code == 401
    assert response.json()["detail"] == SESSION_ENDED


def test_a_plain_form_post_after_the_session_ended_still_goes_to_the_log_in_page(
    audit: Audit,
) -> None:
    item = _first(audit)
    response = Client().post(_url(item), data={"answer": "conform"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


def test_a_logged_in_json_answer_is_still_saved(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _first(audit)
    response = client_for(auditor).post(
        _url(item),
        data=json.dumps({"answer": "conform", "notes": "Seen.", "version": item.version}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["version"] > item.version


def test_the_checklist_ties_the_queue_to_the_organization_and_the_user(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    body = (
        client_for(auditor)
        .get(reverse("internal_audits:checklist", args=[audit.pk]))
        .content.decode()
    )
    assert f'data-user="{auditor.pk}"' in body
    assert f'data-organization="{audit.organization_id}"' in body
    assert f'data-login-url="{reverse("accounts:login")}"' in body


def test_answers_typed_by_another_user_are_not_saved_under_this_log_in(
    audit: Audit, auditor: Any, quality_manager: Any, client_for: Any
) -> None:
    item = _first(audit)
    response = client_for(auditor).post(
        _url(item),
        data=json.dumps({"answer": "conform", "version": item.version}),
        content_type="application/json",
        HTTP_X_CHECKLIST_USER=str(quality_manager.pk),
    )
    assert response.status_code == 401
    assert "another user" in response.json()["detail"]
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""
