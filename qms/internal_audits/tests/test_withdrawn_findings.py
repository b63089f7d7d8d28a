"""Withdrawn findings: an observation or improvement whose answer goes back to conform is
kept (status, when, by whom, why), shown as withdrawn on the audit, the checklist, its page
and the findings list, left out of counts, KPIs, results and the report, and raised again
(same number) when the item is graded again."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.audit import AuditEvent
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits import selectors
from qms.internal_audits.checklists import checklist_answer
from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.internal_audits.report import report_context

from . import test_checklist_fixtures as fx

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db

LIST = "/internal-audits/findings/"


def _items(audit: Audit) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(audit=audit).order_by("position"))


@pytest.fixture
def withdrawn(audit: Audit, auditor: Any) -> Finding:
    """F-01 an observation withdrawn (answer back to conform), F-02 a raised improvement."""
    items = _items(audit)
    checklist_answer(actor=auditor, item=items[0], answer="observation", notes="Labels fading.")
    checklist_answer(actor=auditor, item=items[1], answer="improvement", notes="Link evidence.")
    checklist_answer(actor=auditor, item=items[0], answer="conform", notes="Labels renewed.")
    return Finding.objects.get(number="F-01")


def test_going_back_to_conform_keeps_the_finding_as_withdrawn_with_who_when_why(
    withdrawn: Finding, auditor: Any
) -> None:
    assert withdrawn.status == "withdrawn" and withdrawn.is_withdrawn
    assert withdrawn.withdrawn_by == auditor
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_reason == (
        f"answer changed to conform by {auditor.get_full_name() or auditor}"
    )
    assert withdrawn.statement == "Labels fading."  # its content as it was raised
    assert Finding.objects.count() == 2
    event = AuditEvent.objects.get(
        event_type="audit_finding.withdrawn", subject_id=str(withdrawn.pk)
    )
    assert event.after["status"] == "withdrawn"


def test_not_audited_names_the_new_answer_and_a_second_withdrawal_is_a_no_op(
    audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="improvement", notes="Could be simpler.")
    checklist_answer(actor=auditor, item=item, answer="not_audited", notes="")
    finding = Finding.objects.get(checklist_item=item)
    assert finding.withdrawn_reason.startswith("answer changed to not audited by ")
    checklist_answer(actor=auditor, item=item, answer="conform", notes="")
    assert AuditEvent.objects.filter(event_type="audit_finding.withdrawn").count() == 1


def test_grading_the_item_again_raises_the_same_finding_with_the_same_number(
    withdrawn: Finding, audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="minor", notes="Labels missing again.")
    again = Finding.objects.select_related("nonconformity").get(checklist_item=item)
    assert again.pk == withdrawn.pk and again.number == "F-01"
    assert again.status == "raised"
    assert again.withdrawn_at is None and again.withdrawn_by is None
    assert again.withdrawn_reason == ""
    assert again.grade == "minor" and again.statement == "Labels missing again."
    assert again.nonconformity is not None  # a nonconformity now, recorded once
    assert Finding.objects.filter(audit=audit).count() == 2  # no duplicate, no F-03
    assert AuditEvent.objects.filter(
        event_type="audit_finding.reraised", subject_id=str(withdrawn.pk)
    ).exists()
    # a later finding still gets the next number
    checklist_answer(actor=auditor, item=_items(audit)[2], answer="observation", notes="More.")
    last = Finding.objects.filter(audit=audit).order_by("number").last()
    assert last is not None and last.number == "F-03"


def test_withdrawn_findings_are_left_out_of_results_kpis_previous_result_and_report(
    withdrawn: Finding, audit: Audit, organization: Any, process: Any
) -> None:
    today = timezone.localdate()
    with allow_unaudited_writes():  # set-up: the audit reported today
        Audit.objects.filter(pk=audit.pk).update(status="reported", reported_on=today)
    results = selectors.audit_results(
        organization=organization, start=today.replace(month=1, day=1), end=today
    )
    assert results.findings_by_grade == {"improvement": 1}
    rows = selectors.audit_kpis(organization=organization, periods=selectors.months(today.year))
    assert rows[today.month - 1].findings == 1
    previous = selectors.process_previous_results(
        organization=organization, process_ids=[process.pk]
    )
    assert previous[process.pk] == "observations"
    context = report_context(audit=Audit.objects.get(pk=audit.pk))
    assert [f["number"] for f in context["findings"]] == ["F-02"]
    assert dict(context["by_grade"])["Observation"] == 0
    assert selectors.findings_blocking_close(audit=audit) == []


def test_only_the_withdrawn_finding_makes_previous_result_no_findings(
    audit: Audit, auditor: Any, organization: Any, process: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="observation", notes="Labels fading.")
    checklist_answer(actor=auditor, item=item, answer="conform", notes="Labels renewed.")
    with allow_unaudited_writes():
        Audit.objects.filter(pk=audit.pk).update(
            status="reported", reported_on=timezone.localdate()
        )
    previous = selectors.process_previous_results(
        organization=organization, process_ids=[process.pk]
    )
    assert previous[process.pk] == "none"


def test_the_findings_list_shows_withdrawn_ones_labelled_and_filters_by_status(
    withdrawn: Finding, viewer: Any, client_for: Any
) -> None:
    client = client_for(viewer)
    body = client.get(LIST).content.decode()
    raised = Finding.objects.get(number="F-02")
    assert withdrawn.get_absolute_url() in body and raised.get_absolute_url() in body
    assert "Withdrawn" in body
    only_withdrawn = client.get(LIST, {"status": "withdrawn"}).content.decode()
    assert withdrawn.get_absolute_url() in only_withdrawn
    assert raised.get_absolute_url() not in only_withdrawn
    only_raised = client.get(LIST, {"status": "raised"}).content.decode()
    assert withdrawn.get_absolute_url() not in only_raised
    assert raised.get_absolute_url() in only_raised
    assert client.get(LIST, {"status": "deleted"}).status_code == 200  # never a 500


def test_the_export_holds_the_status_and_the_reason(
    withdrawn: Finding, quality_manager: Any, client_for: Any
) -> None:
    csv = client_for(quality_manager).get(LIST, {"export": "csv"})
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Withdrawn" in text and withdrawn.withdrawn_reason in text


def test_the_audit_checklist_and_finding_pages_show_it_struck_and_labelled(
    withdrawn: Finding, audit: Audit, viewer: Any, client_for: Any
) -> None:
    client = client_for(viewer)
    detail = client.get(audit.get_absolute_url()).content.decode()
    assert "Findings (1, 1 withdrawn)" in detail
    assert 'class="finding-withdrawn"' in detail and "<del>" in detail
    assert withdrawn.withdrawn_reason in detail
    checklist = client.get(reverse("internal_audits:checklist", args=[audit.pk])).content.decode()
    assert "finding-withdrawn" in checklist and "Withdrawn" in checklist
    page = client.get(withdrawn.get_absolute_url()).content.decode()
    assert "Withdrawn" in page and withdrawn.withdrawn_reason in page
    assert "<del>" in page


def test_the_api_gives_the_status_and_the_reason_and_filters_by_status(
    withdrawn: Finding, quality_manager: Any, api_client_for: Any
) -> None:
    response = api_client_for(quality_manager).get(
        "/api/v1/audit-findings/", {"status": "withdrawn"}
    )
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["number"] for row in rows] == ["F-01"]
    assert rows[0]["status"] == "withdrawn"
    assert rows[0]["withdrawn_reason"].startswith("answer changed to conform by ")
    assert rows[0]["withdrawn_by"] == withdrawn.withdrawn_by_id
