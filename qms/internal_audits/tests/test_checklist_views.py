"""The checklist page, the item page and the answer endpoint (form post and JSON), the
generate button, tenancy and the page's query budget; the checklist items API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits.checklists import checklist_answer
from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.nonconformities.models import Nonconformity

from . import test_checklist_fixtures as fx
from .test_checklist_fixtures import clause, make_audit

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db


def _items(audit: Audit) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(audit=audit).order_by("position"))


def _post_json(client: Any, item: ChecklistItem, **data: Any) -> Any:
    return client.post(
        reverse("internal_audits:checklistitem_edit", args=[item.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


# --- The page -----------------------------------------------------------------------------------


def test_the_checklist_groups_questions_by_clause_with_guidance_and_forms(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    response = client_for(auditor).get(reverse("internal_audits:checklist", args=[audit.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    first = _items(audit)[0]
    assert "7.1.5.1" in body and "9.2.2" in body
    assert first.question.replace("'", "&#x27;") in body
    assert "data-checklist" in body and "internal_audits/checklist.js" in body
    assert f'data-item="{first.pk}"' in body and f'data-version="{first.version}"' in body
    assert 'name="answer" value="minor"' in body
    assert "<script>" not in body  # CSP: no inline script


def test_the_checklist_shows_earlier_answers_on_a_follow_up(
    audit: Audit,
    auditor: Any,
    quality_manager: Any,
    organization: Any,
    process: Any,
    client_for: Any,
) -> None:
    checklist_answer(
        actor=auditor, item=_items(audit)[0], answer="observation", notes="Labels fade."
    )
    follow = make_audit(
        organization=organization,
        actor=quality_manager,
        lead=auditor,
        process=process,
        previous=audit,
    )
    body = client_for(auditor).get(reverse("internal_audits:checklist", args=[follow.pk])).content
    assert b"Last audit:" in body and b"Labels fade." in body


def test_a_member_outside_the_team_reads_the_checklist_without_forms(
    audit: Audit, viewer: Any, client_for: Any
) -> None:
    response = client_for(viewer).get(reverse("internal_audits:checklist", args=[audit.pk]))
    assert response.status_code == 200
    assert b'name="answer"' not in response.content


def test_a_planned_audit_says_start_it_first(
    iso9001: None,
    organization: Any,
    quality_manager: Any,
    auditor: Any,
    process: Any,
    client_for: Any,
) -> None:
    planned = make_audit(
        organization=organization, actor=quality_manager, lead=auditor, process=process, start=False
    )
    body = client_for(auditor).get(reverse("internal_audits:checklist", args=[planned.pk])).content
    assert b"start the audit first" in body


def test_the_checklist_page_costs_the_same_for_few_and_many_questions(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    client = client_for(auditor)
    url = reverse("internal_audits:checklist", args=[audit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    audit.clauses.add(clause("8"), clause("7"))
    from qms.internal_audits.checklists import checklist_generate

    assert checklist_generate(actor=auditor, audit=audit) > 40
    checklist_answer(actor=auditor, item=_items(audit)[0], answer="minor", notes="No list.")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) <= len(few) + 1, [q["sql"] for q in many.captured_queries]
    assert len(many) <= 20


# --- Answering: form post and JSON ----------------------------------------------------------------


def test_a_plain_form_post_saves_and_returns_to_the_item(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _items(audit)[0]
    response = client_for(auditor).post(
        reverse("internal_audits:checklistitem_edit", args=[item.pk]),
        {"answer": "conform", "notes": "Seen", "evidence_notes": "Cert", "version": item.version},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert ChecklistItem.objects.get(pk=item.pk).answer == "conform"


def test_a_form_post_with_an_unknown_answer_shows_the_error_beside_the_field(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _items(audit)[0]
    response = client_for(auditor).post(
        reverse("internal_audits:checklistitem_edit", args=[item.pk]), {"answer": "perfect"}
    )
    assert response.status_code == 400
    assert b'id="answer-error"' in response.content
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


def test_a_graded_form_post_without_notes_is_a_field_error(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _items(audit)[0]
    response = client_for(auditor).post(
        reverse("internal_audits:checklistitem_edit", args=[item.pk]), {"answer": "minor"}
    )
    assert response.status_code == 400
    assert b'id="notes-error"' in response.content


def test_json_answer_saves_and_answers_the_new_version(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _items(audit)[0]
    response = _post_json(
        client_for(auditor), item, answer="minor", notes="G-12 overdue.", version=item.version
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["version"] == item.version + 1
    assert data["finding_number"] == "F-01"
    nc = Nonconformity.objects.get()
    assert data["nonconformity_number"] == nc.number
    # sent again by the offline queue with the version it was typed on: same result, no change
    again = _post_json(
        client_for(auditor), item, answer="minor", notes="G-12 overdue.", version=item.version
    )
    assert again.status_code == 200
    assert again.json()["version"] == data["version"]
    assert Nonconformity.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answer": "perfect"}, "answer"),
        ({"answer": "major"}, "notes"),
        ({"version": "x"}, "version"),
    ],
)
def test_json_bad_input_is_400_with_field_errors(
    audit: Audit, auditor: Any, client_for: Any, payload: dict[str, Any], field: str
) -> None:
    response = _post_json(client_for(auditor), _items(audit)[0], **payload)
    assert response.status_code == 400
    assert field in response.json()


def test_json_stale_answer_is_409_with_the_stored_values(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="conform", notes="Mine first.")
    response = _post_json(
        client_for(auditor), item, answer="observation", notes="Theirs.", version=item.version
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale"
    assert body["current"]["answer"] == "conform"
    assert body["current"]["notes"] == "Mine first."


def test_json_answer_to_a_planned_audit_is_409_start_it_first(
    iso9001: None,
    organization: Any,
    quality_manager: Any,
    auditor: Any,
    process: Any,
    client_for: Any,
) -> None:
    planned = make_audit(
        organization=organization, actor=quality_manager, lead=auditor, process=process, start=False
    )
    response = _post_json(client_for(auditor), _items(planned)[0], answer="conform")
    assert response.status_code == 409
    assert "start the audit first" in response.json()["detail"]


def test_a_viewer_may_not_answer(audit: Audit, viewer: Any, client_for: Any) -> None:
    item = _items(audit)[0]
    assert _post_json(client_for(viewer), item, answer="conform").status_code == 403
    response = client_for(viewer).post(
        reverse("internal_audits:checklistitem_edit", args=[item.pk]), {"answer": "conform"}
    )
    assert response.status_code == 403
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


def test_a_manager_outside_the_team_is_refused_with_the_reason(
    audit: Audit, quality_manager: Any, client_for: Any
) -> None:
    response = _post_json(client_for(quality_manager), _items(audit)[0], answer="conform")
    assert response.status_code == 403
    assert "audit team" in response.json()["detail"]


def test_the_item_page_shows_the_answer_form_and_the_attachments_panel(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    item = _items(audit)[0]
    response = client_for(auditor).get(
        reverse("internal_audits:checklistitem_detail", args=[item.pk])
    )
    assert response.status_code == 200
    assert b"Attach a file" in response.content
    assert item.question.encode() in response.content


def test_the_generate_button_adds_questions_of_new_clauses(
    audit: Audit, auditor: Any, client_for: Any
) -> None:
    with allow_unaudited_writes():  # set-up: the criteria changed
        audit.clauses.add(clause("4.1"))
    response = client_for(auditor).post(
        reverse("internal_audits:checklist_generate", args=[audit.pk])
    )
    assert response.status_code == 302
    assert ChecklistItem.objects.filter(audit=audit, clause__number="4.1").count() == 2


# --- Tenancy ------------------------------------------------------------------------------------


def test_another_organizations_checklist_and_items_are_not_found(
    audit: Audit, outsider: Any, client_for: Any
) -> None:
    client = client_for(outsider)
    item = _items(audit)[0]
    assert client.get(reverse("internal_audits:checklist", args=[audit.pk])).status_code == 404
    assert (
        client.get(reverse("internal_audits:checklistitem_detail", args=[item.pk])).status_code
        == 404
    )
    assert _post_json(client, item, answer="conform").status_code == 404
    assert (
        client.post(
            reverse("internal_audits:checklistitem_edit", args=[item.pk]), {"answer": "conform"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("internal_audits:checklist_generate", args=[audit.pk])).status_code
        == 404
    )
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_the_items_of_one_audit_and_patches_an_answer(
    audit: Audit, auditor: Any, api_client_for: Any
) -> None:
    client = api_client_for(auditor)
    listing = client.get("/api/v1/audit-checklist-items/", {"audit": audit.pk})
    assert listing.status_code == 200
    results = listing.json()["results"]
    assert len(results) == len(_items(audit))
    item = _items(audit)[2]
    response = client.patch(
        f"/api/v1/audit-checklist-items/{item.pk}/",
        {"answer": "major", "notes": "No calibration at all.", "version": item.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"] == "major"
    finding = Finding.objects.get(checklist_item=item)
    assert finding.nonconformity is not None and finding.nonconformity.severity == "major"
    bad = client.patch(
        f"/api/v1/audit-checklist-items/{item.pk}/", {"answer": "awful"}, format="json"
    )
    assert bad.status_code == 400
    stale = client.patch(
        f"/api/v1/audit-checklist-items/{item.pk}/",
        {"answer": "major", "notes": "Changed.", "version": item.version},
        format="json",
    )
    assert stale.status_code == 409


def test_api_hides_another_organizations_items(
    audit: Audit, outsider: Any, api_client_for: Any
) -> None:
    client = api_client_for(outsider)
    item = _items(audit)[0]
    assert client.get(f"/api/v1/audit-checklist-items/{item.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/v1/audit-checklist-items/{item.pk}/", {"answer": "conform"}, format="json"
        ).status_code
        == 404
    )
    assert client.get("/api/v1/audit-checklist-items/").json()["results"] == []


# --- The list of checklist items ---------------------------------------------------------------


def test_the_item_list_filters_by_audit_and_answer_within_a_query_budget(
    audit: Audit, auditor: Any, viewer: Any, client_for: Any
) -> None:
    items = _items(audit)
    checklist_answer(actor=auditor, item=items[0], answer="conform", notes="Seen.")
    client = client_for(viewer)
    url = reverse("internal_audits:checklistitem_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, {"audit": audit.pk, "per_page": 10})
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"audit": audit.pk, "per_page": 50})
    assert len(many) == len(few)
    answered = client.get(url, {"answer": "conform"}).content.decode()
    assert items[0].question.replace("'", "&#x27;")[:40] in answered
    assert items[1].question.replace("'", "&#x27;")[:40] not in answered


def test_json_answer_to_an_unknown_item_is_a_json_404(auditor: Any, client_for: Any) -> None:
    response = client_for(auditor).post(
        reverse("internal_audits:checklistitem_edit", args=[999999]),
        data=json.dumps({"answer": "conform"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["detail"]
