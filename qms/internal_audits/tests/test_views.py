"""Pages of programmes and audits: each page answers 200, bad input is shown beside the
field (400, never a 500), another organization's records answer 404, workflow pages work."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits import services
from qms.internal_audits.models import Audit, AuditProgramme, ChecklistItem, ProgrammeProcess

from .conftest import iso_clause

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organization: Any, quality_manager: Any, purchasing: Any) -> AuditProgramme:
    programme = services.programme_create(
        actor=quality_manager, organization=organization, data={"year": 2026, "title": ""}
    )
    services.programme_process_add(
        actor=quality_manager, programme=programme, data={"process": purchasing}
    )
    return programme


def test_every_page_answers(
    client_for: Any,
    quality_manager: Any,
    programme: AuditProgramme,
    make_ia: Any,
    ia_iso9001: None,
    purchasing: Any,
) -> None:
    audit = make_ia(
        processes=[purchasing], clauses=[iso_clause("8.4")], plan="## Agenda\n\n- Opening"
    )
    client = client_for(quality_manager)
    urls = [
        reverse("internal_audits:audit_list"),
        reverse("internal_audits:audit_list") + "?status=planned&q=Purchasing&overdue=false",
        reverse("internal_audits:audit_add"),
        reverse("internal_audits:audit_kpis"),
        reverse("internal_audits:audit_kpis") + "?year=2026&by=month",
        reverse("internal_audits:audit_detail", args=[audit.pk]),
        reverse("internal_audits:audit_edit", args=[audit.pk]),
        reverse("internal_audits:auditprogramme_list"),
        reverse("internal_audits:auditprogramme_add"),
        reverse("internal_audits:auditprogramme_detail", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_edit", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_rows", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_calendar", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_coverage", args=[programme.pk]),
        reverse("internal_audits:audit_transition", args=[audit.pk, "start"]),
        reverse("internal_audits:auditprogramme_transition", args=[programme.pk, "approve"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(reverse("internal_audits:audit_detail", args=[audit.pk])).content.decode()
    assert "<h2>Agenda</h2>" in detail or "Agenda</h2>" in detail
    assert "Purchasing" in detail


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export(client_for: Any, quality_manager: Any, make_ia: Any, kind: str) -> None:
    make_ia()
    response = client_for(quality_manager).get(
        reverse("internal_audits:audit_list") + f"?export={kind}"
    )
    assert response.status_code == 200
    if kind == "csv":
        assert b"IA-2026-001" in b"".join(response.streaming_content)


def test_create_audit_through_the_form(
    client_for: Any, quality_manager: Any, auditor: Any, purchasing: Any, ia_iso9001: None
) -> None:
    response = client_for(quality_manager).post(
        reverse("internal_audits:audit_add"),
        {
            "title": "Purchasing 2026",
            "processes": [purchasing.pk],
            "clauses": [iso_clause("8.4").pk],
            "lead_auditor": auditor.pk,
            "planned_month": "2026-04",
            "plan": "Opening meeting at 9.",
        },
    )
    audit = Audit.objects.for_organization(purchasing.organization).get()
    assert response.status_code == 302 and response["Location"] == audit.get_absolute_url()
    assert audit.planned_month == date(2026, 4, 1)


def test_independence_error_beside_the_field(
    client_for: Any, quality_manager: Any, process_owner: Any, purchasing: Any
) -> None:
    response = client_for(quality_manager).post(
        reverse("internal_audits:audit_add"),
        {
            "title": "Purchasing 2026",
            "processes": [purchasing.pk],
            "lead_auditor": process_owner.pk,
            "planned_month": "2026-04",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "owns the process “Purchasing” and cannot audit it" in form.errors["lead_auditor"][0]


@pytest.mark.parametrize(
    ("field", "value"), [("planned_month", "April"), ("lead_auditor", "999999"), ("title", "")]
)
def test_bad_input_is_400(
    client_for: Any, quality_manager: Any, auditor: Any, field: str, value: str
) -> None:
    data = {"title": "X", "lead_auditor": auditor.pk, "planned_month": "2026-04", field: value}
    response = client_for(quality_manager).post(reverse("internal_audits:audit_add"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_programme_rows_and_plan_pages(
    client_for: Any,
    quality_manager: Any,
    auditor: Any,
    programme: AuditProgramme,
    production: Any,
    purchasing: Any,
) -> None:
    client = client_for(quality_manager)
    rows_url = reverse("internal_audits:auditprogramme_rows", args=[programme.pk])
    response = client.post(
        rows_url, {"action": "add", "add-process": production.pk, "add-importance": "high"}
    )
    assert response.status_code == 302
    row = ProgrammeProcess.objects.for_organization(programme.organization).get(process=production)
    assert row.importance == "high"
    response = client.post(
        rows_url,
        {
            "action": f"update-{row.pk}",
            f"r{row.pk}-importance": "low",
            f"r{row.pk}-audits_per_year_override": "3",
        },
    )
    assert response.status_code == 302, response.context and [
        f.errors for _r, f in response.context["rows"]
    ]
    row.refresh_from_db()
    assert row.audits_per_year == 3 and row.importance == "low"
    bad = client.post(rows_url, {"action": f"update-{row.pk}", f"r{row.pk}-importance": "huge"})
    assert bad.status_code == 400
    client.post(rows_url, {"action": "refresh"})
    response = client.post(reverse("internal_audits:auditprogramme_plan", args=[programme.pk]))
    assert response.status_code == 302
    planned = Audit.objects.for_organization(programme.organization)
    left = 13 - timezone.localdate().month
    assert planned.count() == sum(
        min(r.audits_per_year, left)
        for r in ProgrammeProcess.objects.for_organization(programme.organization)
    )
    client.post(reverse("internal_audits:auditprogramme_plan", args=[programme.pk]))
    assert planned.count() == sum(
        min(r.audits_per_year, left)
        for r in ProgrammeProcess.objects.for_organization(programme.organization)
    )
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'data-status="planned"' in page and "IA-2026-001" in page
    calendar = client.get(reverse("internal_audits:auditprogramme_calendar", args=[programme.pk]))
    assert b"IA-2026-001" in calendar.content


def test_follow_up_page(client_for: Any, quality_manager: Any, make_ia: Any) -> None:
    audit = make_ia()
    response = client_for(quality_manager).post(
        reverse("internal_audits:audit_follow_up", args=[audit.pk]), {"planned_month": "2026-10"}
    )
    follow = Audit.objects.for_organization(audit.organization).get(previous=audit)
    assert response.status_code == 302 and response["Location"] == follow.get_absolute_url()
    bad = client_for(quality_manager).post(
        reverse("internal_audits:audit_follow_up", args=[audit.pk]), {"planned_month": "soon"}
    )
    assert bad.status_code == 302  # back to the audit with the error as a message


def test_start_report_through_the_transition_pages(
    client_for: Any, auditor: Any, make_ia: Any
) -> None:
    from qms.accounts.tests.factories import PASSWORD

    audit = make_ia(planned_month=timezone.localdate())
    client = client_for(auditor)
    response = client.post(reverse("internal_audits:audit_transition", args=[audit.pk, "start"]))
    assert response.status_code == 302
    with allow_unaudited_writes():
        ChecklistItem.objects.filter(audit=audit).update(answer="conform")
        if not ChecklistItem.objects.filter(audit=audit).exists():
            ChecklistItem.objects.create(
                organization=audit.organization, audit=audit, question="Q?", answer="conform"
            )
    response = client.post(
        reverse("internal_audits:audit_transition", args=[audit.pk, "report"]),
        {"password": PASSWORD, "meaning": "released"},
    )
    audit.refresh_from_db()
    assert audit.status == "reported", response.content.decode()[:2000]
    edit = client.get(reverse("internal_audits:audit_edit", args=[audit.pk]))
    assert edit.status_code == 302  # a reported audit is no longer edited
    detail = client.get(audit.get_absolute_url()).content.decode()
    assert reverse("internal_audits:audit_report_pdf", args=[audit.pk]) in detail


def test_other_organization_gets_404(
    client_for: Any, outsider: Any, programme: AuditProgramme, make_ia: Any
) -> None:
    audit = make_ia()
    client = client_for(outsider)
    for url in (
        reverse("internal_audits:audit_detail", args=[audit.pk]),
        reverse("internal_audits:audit_edit", args=[audit.pk]),
        reverse("internal_audits:auditprogramme_detail", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_rows", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_calendar", args=[programme.pk]),
        reverse("internal_audits:auditprogramme_coverage", args=[programme.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("internal_audits:audit_follow_up", args=[audit.pk])).status_code == 404
    )
    assert (
        client.post(reverse("internal_audits:auditprogramme_plan", args=[programme.pk])).status_code
        == 404
    )


def test_employee_reads_but_does_not_change(
    client_for: Any, employee: Any, programme: AuditProgramme, make_ia: Any
) -> None:
    audit = make_ia()
    client = client_for(employee)
    assert client.get(audit.get_absolute_url()).status_code == 200
    assert client.get(programme.get_absolute_url()).status_code == 200
    assert client.get(reverse("internal_audits:audit_edit", args=[audit.pk])).status_code == 403
    assert (
        client.get(reverse("internal_audits:auditprogramme_rows", args=[programme.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("internal_audits:auditprogramme_plan", args=[programme.pk])).status_code
        == 403
    )


def test_home_card(client_for: Any, quality_manager: Any, make_ia: Any) -> None:
    make_ia(planned_month=timezone.localdate())
    page = client_for(quality_manager).get(reverse("core:dashboard")).content.decode()
    assert "planned this month, not done yet" in page


def test_editing_an_approved_programme_or_its_row_goes_back_with_the_reason(
    client_for: Any, quality_manager: Any, programme: AuditProgramme, purchasing: Any
) -> None:
    from qms.accounts.tests.factories import PASSWORD
    from qms.core.workflow import model_transition

    programme = model_transition(
        actor=quality_manager,
        instance=programme,
        transition="approve",
        password=PASSWORD,
        meaning="approved",
    )
    row = programme.rows.get()
    client = client_for(quality_manager)
    pages = [
        (
            reverse("internal_audits:auditprogramme_edit", args=[programme.pk]),
            {"year": "2026", "title": "Changed", "objectives": ""},
            reverse("internal_audits:auditprogramme_detail", args=[programme.pk]),
        ),
        (
            reverse("internal_audits:programmeprocess_edit", args=[row.pk]),
            {"process": str(purchasing.pk), "importance": "high", "notes": "Changed"},
            reverse("internal_audits:programmeprocess_detail", args=[row.pk]),
        ),
    ]
    for url, data, detail in pages:
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [(detail, 302)], url
        assert "cannot be changed" in response.content.decode(), url
    programme.refresh_from_db()
    row.refresh_from_db()
    assert programme.title != "Changed" and row.notes != "Changed"
