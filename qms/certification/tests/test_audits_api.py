"""API of an audit's work: team, plan, slots, sending, checklist, findings and conclusion
(400 with field errors, 404 for another organization, 409 for a refused state, query
budgets on lists) and the pages (workspace, plan, checklist item, finding, plan PDF)."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
from django.urls import reverse

from qms.certification.audits import services
from qms.certification.models import AuditPlanIssue, CertChecklistItem, CertFinding
from qms.certification.permissions import CERTIFICATION_MANAGER

from .factories_audits import AuditWorld, build_audit_world
from .programme_world import member

pytestmark = pytest.mark.django_db

BASE = "/api/v1/certification/"


@pytest.fixture
def world(organization: Any) -> AuditWorld:
    return build_audit_world(organization)


@pytest.fixture
def api(api_client_for: Any, world: AuditWorld) -> Any:
    return api_client_for(world.manager)


def _team(world: AuditWorld) -> None:
    services.team_member_add(
        actor=world.manager, audit=world.stage2, person=world.lead, role="lead_auditor"
    )
    services.team_member_add(
        actor=world.manager, audit=world.stage2, person=world.auditor, role="auditor"
    )


def test_a_member_is_added_and_an_unqualified_one_is_a_400_naming_the_standard(
    api: Any, world: AuditWorld
) -> None:
    added = api.post(
        f"{BASE}audit-team-members/",
        {"audit": world.stage2.pk, "person": world.lead.pk, "role": "lead_auditor"},
        format="json",
    )
    assert added.status_code == 201, added.json()
    refused = api.post(
        f"{BASE}audit-team-members/",
        {"audit": world.stage2.pk, "person": world.unqualified.pk, "role": "auditor"},
        format="json",
    )
    assert refused.status_code == 400
    assert "ISO 9001" in " ".join(refused.json()["errors"]["person"])
    bad = api.post(f"{BASE}audit-team-members/", {"audit": "x", "role": "boss"}, format="json")
    assert bad.status_code == 400
    assert {"audit", "person", "role"} <= set(bad.json()["errors"])


def test_plan_slots_and_sending_through_the_api(api: Any, world: AuditWorld) -> None:
    _team(world)
    plan = api.post(
        f"{BASE}audit-plans/", {"audit": world.stage2.pk, "scope": "Gauges"}, format="json"
    )
    assert plan.status_code == 201, plan.json()
    plan_id = plan.json()["id"]
    slot = api.post(
        f"{BASE}audit-plan-slots/",
        {
            "plan": plan_id,
            "day": world.stage2.start_date.isoformat(),
            "starts": "09:00",
            "ends": "10:00",
            "activity": "Opening meeting",
            "site": world.site.pk,
            "clauses": [world.clauses["7.5"].pk],
            "auditor": world.lead.pk,
        },
        format="json",
    )
    assert slot.status_code == 201, slot.json()
    sent = api.post(f"{BASE}audit-plans/{plan_id}/send/", {}, format="json")
    assert sent.status_code == 201, sent.json()
    again = api.post(f"{BASE}audit-plans/{plan_id}/send/", {}, format="json")
    assert again.status_code == 400 and "change_note" in again.json()["errors"]
    issue = AuditPlanIssue.objects.get()
    pdf = api.get(f"{BASE}audit-plan-versions/{issue.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_checklist_findings_and_conclusion_through_the_api(
    api_client_for: Any, world: AuditWorld, django_assert_max_num_queries: Any
) -> None:
    _team(world)
    lead = api_client_for(world.lead)
    generated = lead.post(
        f"{BASE}audit-checklist-items/generate/", {"audit": world.stage2.pk}, format="json"
    )
    assert generated.status_code == 200 and generated.json() == {"added": 3}
    item = CertChecklistItem.objects.first()
    assert item is not None
    recorded = lead.patch(
        f"{BASE}audit-checklist-items/{item.pk}/", {"result": "conformity"}, format="json"
    )
    assert recorded.status_code == 200, recorded.json()
    for grade in ("major", "minor", "observation"):
        raised = lead.post(
            f"{BASE}audit-findings/",
            {"audit": world.stage2.pk, "grade": grade, "statement": f"A {grade}."},
            format="json",
        )
        assert raised.status_code == 201, raised.json()
    with django_assert_max_num_queries(12):
        listed = lead.get(f"{BASE}audit-findings/?audit={world.stage2.pk}")
    assert [f["number"] for f in listed.json()["results"]] == ["F-01", "F-02", "F-03"]
    with django_assert_max_num_queries(12):
        lead.get(f"{BASE}audit-checklist-items/?audit={world.stage2.pk}")
    concluded = lead.post(
        f"{BASE}audit-conclusions/",
        {
            "audit": world.stage2.pk,
            "conclusion": "Effective but F-01.",
            "recommendation": "grant_after_ncs",
            "days_spent": "2.0",
        },
        format="json",
    )
    assert concluded.status_code == 200, concluded.json()
    frozen = lead.post(
        f"{BASE}audit-findings/",
        {"audit": world.stage2.pk, "grade": "minor", "statement": "Late."},
        format="json",
    )
    assert frozen.status_code == 409


def test_another_organizations_records_answer_404(
    api_client_for: Any, client_for: Any, world: AuditWorld, other_organization: Any
) -> None:
    _team(world)
    services.checklist_generate(actor=world.lead, audit=world.stage2)
    finding = services.finding_raise(
        actor=world.lead, audit=world.stage2, data={"grade": "minor", "statement": "x"}
    )
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={"scope": "x"})
    outsider = member(other_organization, CERTIFICATION_MANAGER, "manager@other-cb.test")
    theirs = api_client_for(outsider)
    item = CertChecklistItem.objects.first()
    assert item is not None
    for url in (
        f"{BASE}audit-findings/{finding.pk}/",
        f"{BASE}audit-plans/{plan.pk}/",
        f"{BASE}audit-checklist-items/{item.pk}/",
    ):
        assert theirs.get(url).status_code == 404, url
    assert theirs.get(f"{BASE}audit-findings/").json()["results"] == []
    refused = theirs.post(
        f"{BASE}audit-findings/",
        {"audit": world.stage2.pk, "grade": "minor", "statement": "x"},
        format="json",
    )
    assert refused.status_code == 400 and "audit" in refused.json()["errors"]
    pages = client_for(outsider)
    for url in (
        reverse("certification:certaudit_workspace", args=[world.stage2.pk]),
        reverse("certification:auditplan_of_audit", args=[world.stage2.pk]),
        reverse("certification:certchecklistitem_detail", args=[item.pk]),
        reverse("certification:certfinding_detail", args=[finding.pk]),
    ):
        assert pages.get(url).status_code == 404, url


def test_the_workspace_raises_a_finding_and_shows_refusals_beside_the_fields(
    client_for: Any, world: AuditWorld
) -> None:
    _team(world)
    lead = client_for(world.lead)
    url = reverse("certification:certaudit_workspace", args=[world.stage2.pk])
    assert lead.get(url).status_code == 200
    lead.post(url, {"form": "generate"})
    assert CertChecklistItem.objects.count() == 3
    bad = lead.post(url, {"form": "finding", "grade": "major", "statement": ""})
    assert bad.status_code == 400
    ok = lead.post(url, {"form": "finding", "grade": "major", "statement": "No records."})
    assert ok.status_code == 302
    finding = CertFinding.objects.get()
    page = lead.get(reverse("certification:certfinding_detail", args=[finding.pk]))
    assert page.status_code == 200 and b"No records." in page.content
    item = CertChecklistItem.objects.first()
    assert item is not None
    item_page = lead.get(reverse("certification:certchecklistitem_detail", args=[item.pk]))
    assert b'capture="environment"' in item_page.content


def test_the_plan_pdf_shows_the_plan(client_for: Any, world: AuditWorld, tmp_path: Any) -> None:
    _team(world)
    plan = services.plan_save(
        actor=world.lead, audit=world.stage2, data={"scope": "Pressure gauges"}
    )
    services.slot_add(
        actor=world.lead,
        plan=plan,
        data={
            "day": world.stage2.start_date,
            "starts": dt.time(9),
            "ends": dt.time(10, 30),
            "activity": "Opening meeting",
            "site": world.site,
            "clauses": [world.clauses["7.5"]],
            "auditor": world.lead,
        },
    )
    issue = services.plan_send(actor=world.lead, plan=plan)
    response = client_for(world.lead).get(
        reverse("certification:auditplanissue_pdf", args=[issue.pk])
    )
    assert response.status_code == 200
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603  (our own file, a fixed program)
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for expected in (
        "Audit plan",
        "Gauges Client Ltd",
        "Pressure gauges",
        "Opening meeting",
        "09:00",
        "Lee Lead",
        "Lead auditor",
        "7.5 Documented information",
        "Main works",
        "ISO 9001",
    ):
        assert expected in text, expected
