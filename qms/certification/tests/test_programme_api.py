"""API of the audit programme: programmes (create, retrieve with audits and dates, the
decision), audits (due and overdue filters, planning by PATCH and `plan`, workflow steps),
the stateless cycle dates, bad input (400 with field errors) and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.certification.models import CertAudit, CertificationProgramme
from qms.certification.permissions import CERTIFICATION_MANAGER
from qms.certification.programme import services

from .programme_world import World, build_world, member

pytestmark = pytest.mark.django_db

D0 = dt.date(2024, 7, 15)
PROGRAMMES = "/api/v1/certification/programmes/"
AUDITS = "/api/v1/certification/audits/"
DATES = "/api/v1/certification/programme-dates/"


@pytest.fixture
def world(organization: Any) -> World:
    return build_world(organization)


@pytest.fixture
def api(api_client_for: Any, world: World) -> Any:
    return api_client_for(world.manager)


def test_a_programme_is_created_and_read_with_its_audits(api: Any, world: World) -> None:
    created = api.post(
        PROGRAMMES,
        {
            "client": world.client.pk,
            "kind": "initial",
            "editions": [world.edition.pk],
            "iaf_codes": [world.code.pk],
        },
        format="json",
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["number"].startswith("CP-")
    assert [a["kind"] for a in body["audits"]] == ["stage1", "stage2"]
    assert body["dates"] is None  # no decision yet
    assert created["ETag"] == f'"{body["version"]}"'


def test_creating_outside_the_scope_or_with_bad_input_is_a_400_with_field_errors(
    api: Any, world: World
) -> None:
    outside = api.post(
        PROGRAMMES,
        {
            "client": world.client.pk,
            "kind": "initial",
            "editions": [world.edition.pk],
            "iaf_codes": [world.other_code.pk],
        },
        format="json",
    )
    bad = api.post(
        PROGRAMMES,
        {"client": "x", "kind": "yearly", "editions": [], "iaf_codes": [], "colour": "red"},
        format="json",
    )

    assert outside.status_code == 400
    assert "outside the accredited scope" in " ".join(outside.json()["errors"]["iaf_codes"])
    assert bad.status_code == 400
    assert {"client", "kind", "editions", "iaf_codes", "colour"} <= set(bad.json()["errors"])
    assert not CertificationProgramme.objects.filter(organization=world.organization).exists()


def test_the_decision_through_the_api_schedules_the_cycle_and_shows_its_dates(
    api: Any, world: World
) -> None:
    programme = world.programme()
    world.plan(programme, "stage1", dt.date(2024, 5, 10))
    stage2 = world.plan(programme, "stage2", dt.date(2024, 6, 10))
    services.cert_audit_complete(actor=world.manager, audit=stage2)
    url = f"{PROGRAMMES}{programme.pk}/set-decision/"

    bad = api.post(url, {"decision_date": "2024-02-30", "reason": ""}, format="json")
    done = api.post(url, {"decision_date": "2024-07-15", "reason": "Granted."}, format="json")

    assert bad.status_code == 400
    assert {"decision_date", "reason"} <= set(bad.json()["errors"])
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == "certified"
    assert body["dates"]["expiry"] == "2027-07-14"
    assert body["dates"]["surveillance_1_due_by"] == "2025-07-15"
    assert sorted(a["kind"] for a in body["audits"]) == [
        "recertification",
        "stage1",
        "stage2",
        "surveillance_1",
        "surveillance_2",
    ]


def test_audits_due_within_90_days_and_overdue(api: Any, world: World) -> None:
    programme = world.certified(D0)
    soon = services.cert_audit_add_special(
        actor=world.manager,
        programme=programme,
        purpose="Follow-up.",
        due_by=timezone.localdate() + dt.timedelta(days=30),
    )

    overdue = api.get(AUDITS, {"overdue": "true"}).json()["results"]
    due = api.get(AUDITS, {"due_within": 90}).json()["results"]
    bad = api.get(AUDITS, {"due_within": "soon"})

    overdue_kinds = {row["kind"] for row in overdue}
    assert overdue_kinds == {"surveillance_1", "surveillance_2"}
    assert soon.pk in {row["id"] for row in due}
    assert soon.pk not in {row["id"] for row in overdue}
    assert {row["client_name"] for row in due} == {"Gauges Client Ltd"}
    assert bad.status_code == 400
    assert "due_within" in bad.json()["errors"]


def test_planning_by_patch_refuses_a_hard_rule_with_its_message(api: Any, world: World) -> None:
    programme = world.certified(D0)
    audit = world.audit(programme, "surveillance_1")
    url = f"{AUDITS}{audit.pk}/"

    late = api.patch(
        url, {"start_date": "2025-08-01", "lead_auditor": world.lead.pk}, format="json"
    )
    unqualified = api.patch(
        url, {"start_date": "2025-06-02", "lead_auditor": world.unqualified.pk}, format="json"
    )
    soft = api.patch(url, {"start_date": "2025-03-03"}, format="json")
    planned = api.post(
        f"{url}plan/",
        {
            "start_date": "2025-03-03",
            "lead_auditor": world.lead.pk,
            "override_justification": "Seasonal plant.",
        },
        format="json",
    )

    assert late.status_code == 400
    assert "more than 12 months" in " ".join(late.json()["errors"]["start_date"])
    assert unqualified.status_code == 400
    assert "no qualification" in " ".join(unqualified.json()["errors"]["lead_auditor"])
    assert soft.status_code == 400
    assert "surveillance_tolerance_window" in " ".join(
        soft.json()["errors"]["override_justification"]
    )
    assert planned.status_code == 200, planned.json()
    assert planned.json()["warnings"][0]["rule"] == "surveillance_tolerance_window"
    assert planned.json()["start_date"] == "2025-03-03"


def test_audit_steps_are_transitions(api: Any, world: World) -> None:
    programme = world.programme()
    audit = world.plan(programme, "stage1", dt.date(2024, 5, 10))

    confirmed = api.post(f"{AUDITS}{audit.pk}/transitions/confirm/", {}, format="json")
    no_reason = api.post(f"{AUDITS}{audit.pk}/transitions/cancel/", {}, format="json")
    done = api.post(f"{AUDITS}{audit.pk}/transitions/complete/", {}, format="json")

    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert no_reason.status_code == 409
    assert done.status_code == 200
    assert done.json()["status"] == "done"


def test_the_cycle_dates_are_the_clis(api: Any) -> None:
    response = api.get(DATES, {"decision_date": "2025-03-10"})

    assert response.status_code == 200
    body = response.json()
    assert body["surveillance_1_due_by"] == "2026-03-10"
    assert body["expiry"] == "2028-03-09"
    assert body["restoration_deadline"] == "2028-09-09"
    assert body["recertification_decision_by"] == "2028-03-08"
    assert set(body["surveillance_2_window"]) == {"from", "to"}
    assert "proposed_audits" in body and "policy" in body


def test_bad_cycle_dates_are_a_400_with_field_errors(api: Any) -> None:
    missing = api.get(DATES)
    bad = api.get(DATES, {"decision_date": "2025-13-01", "previous_expiry": "soon"})
    too_late = api.get(DATES, {"decision_date": "2025-03-10", "previous_expiry": "2024-01-31"})
    unknown = api.get(DATES, {"decision_date": "2025-03-10", "expiry": "2028-01-01"})

    assert missing.status_code == 400
    assert "decision_date" in missing.json()["errors"]
    assert bad.status_code == 400
    assert {"decision_date", "previous_expiry"} <= set(bad.json()["errors"])
    assert too_late.status_code == 400
    assert "restoration deadline" in " ".join(too_late.json()["errors"]["previous_expiry"])
    assert unknown.status_code == 400
    assert "expiry" in unknown.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"decision_date": "1932-08-04", "previous_expiry": "0003-09-12"},
        {"decision_date": "9999-12-20"},
    ],
)
def test_dates_that_leave_the_calendar_are_a_400(api: Any, params: dict[str, str]) -> None:
    response = api.get(DATES, params)
    assert response.status_code == 400
    assert "outside the calendar" in " ".join(response.json()["errors"]["previous_expiry"])


def test_who_may_use_the_api(
    api_client_for: Any, world: World, other_organization: Any, quality_manager: Any
) -> None:
    programme = world.certified(D0)
    audit = world.audit(programme, "surveillance_1")
    outsider = member(other_organization, CERTIFICATION_MANAGER, "manager@other-cb.test")
    theirs = api_client_for(outsider)
    no_role = api_client_for(quality_manager)
    auditor = api_client_for(world.lead)

    assert api_client_for(None).get(PROGRAMMES).status_code == 401
    assert theirs.get(f"{PROGRAMMES}{programme.pk}/").status_code == 404
    assert theirs.get(f"{AUDITS}{audit.pk}/").status_code == 404
    assert theirs.get(PROGRAMMES).json()["results"] == []
    assert no_role.get(PROGRAMMES).status_code == 403
    assert no_role.get(DATES, {"decision_date": "2025-03-10"}).status_code == 403
    assert auditor.get(f"{PROGRAMMES}{programme.pk}/").status_code == 200
    assert auditor.patch(f"{AUDITS}{audit.pk}/", {}, format="json").status_code == 403
    decision = f"{PROGRAMMES}{programme.pk}/set-decision/"
    assert auditor.post(decision, {}, format="json").status_code == 403
    assert auditor.post(AUDITS, {}, format="json").status_code == 405


def test_the_lists_cost_the_same_for_few_and_many(api: Any, world: World) -> None:
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries.captured_queries)

    urls = [PROGRAMMES, f"{AUDITS}?due_within=90", f"{PROGRAMMES}?standard={world.edition.pk}"]
    world.certified(D0)
    api.get(PROGRAMMES)  # the token's first use is recorded once
    few = {url: count(url) for url in urls}
    for _ in range(5):
        world.certified(D0)
    assert {url: count(url) for url in urls} == few
    assert CertAudit.objects.filter(organization=world.organization).count() == 30
