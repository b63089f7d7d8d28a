"""Once an audit's team is kept as members on its workspace (with their competence check
and declarations), the programme's planning form and API no longer set its lead auditor and
team: a re-plan keeps them, and naming other people is refused on the field, so the audit's
fields and its members never drift apart. And a planned day at either end of the calendar
is refused on the field, not a crash in the date arithmetic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qms.certification.audits import services
from qms.certification.programme import services as programme_services
from qms.certification.programme.rules import TEAM_ON_WORKSPACE

from .factories_audits import AuditWorld, build_audit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> AuditWorld:
    built = build_audit_world(organization)
    services.team_member_add(
        actor=built.manager, audit=built.stage2, person=built.lead, role="lead_auditor"
    )
    services.team_member_add(
        actor=built.manager, audit=built.stage2, person=built.auditor, role="auditor"
    )
    built.stage2.refresh_from_db()
    return built


def _replan(world: AuditWorld, **changes: Any) -> Any:
    audit = world.stage2
    values: dict[str, Any] = {
        "actor": world.manager,
        "audit": audit,
        "start_date": audit.start_date,
        "end_date": audit.end_date,
        "audit_days": audit.audit_days,
        "lead_auditor": audit.lead_auditor,
        "team": list(audit.team.all()),
        "sites": list(audit.sites.all()),
    }
    values.update(changes)
    return programme_services.cert_audit_plan(**values)


def test_a_replan_that_keeps_the_members_changes_the_days(world: AuditWorld) -> None:
    moved = _replan(world, start_date=world.stage2.start_date - dt.timedelta(days=1))
    assert moved.start_date == world.stage2.start_date - dt.timedelta(days=1)
    assert moved.lead_auditor == world.lead
    assert list(moved.team.all()) == [world.auditor]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"team": []}, "team"),
        ({"lead_auditor": None}, "lead_auditor"),
        ({"lead_auditor": "auditor", "team": []}, "lead_auditor"),
    ],
)
def test_a_replan_naming_other_people_is_refused_on_the_field(
    world: AuditWorld, changes: dict[str, Any], field: str
) -> None:
    resolved = {
        key: getattr(world, value) if isinstance(value, str) else value
        for key, value in changes.items()
    }
    with pytest.raises(ValidationError) as refused:
        _replan(world, **resolved)
    assert refused.value.message_dict[field][0] == TEAM_ON_WORKSPACE
    world.stage2.refresh_from_db()
    assert world.stage2.lead_auditor == world.lead
    assert list(world.stage2.team.all()) == [world.auditor]


def test_the_planning_page_shows_the_team_as_kept_on_the_workspace(
    world: AuditWorld, client_for: Any
) -> None:
    client = client_for(world.manager)
    url = f"/certification/audits/{world.stage2.pk}/plan/"
    page = client.get(url)
    form = page.context["form"]
    assert form.fields["lead_auditor"].disabled and form.fields["team"].disabled
    assert "Kept on the audit" in page.content.decode()

    # a posted team is ignored (the fields are disabled): the members' team stays
    day = world.stage2.start_date - dt.timedelta(days=2)
    posted = client.post(
        url,
        {
            "start_date": day.isoformat(),
            "end_date": (day + dt.timedelta(days=2)).isoformat(),
            "audit_days": "2",
            "lead_auditor": str(world.auditor.pk),
            "team": [],
            "sites": [str(site.pk) for site in world.stage2.sites.all()],
            "version": str(world.stage2.version),
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    world.stage2.refresh_from_db()
    assert world.stage2.start_date == day
    assert world.stage2.lead_auditor == world.lead


def test_the_api_keeps_the_team_on_a_dates_only_change_and_refuses_another(
    world: AuditWorld, api_client_for: Any
) -> None:
    api = api_client_for(world.manager)
    url = f"/api/v1/certification/audits/{world.stage2.pk}/"
    day = world.stage2.start_date - dt.timedelta(days=1)
    moved = api.patch(
        url,
        {"start_date": day.isoformat(), "end_date": (day + dt.timedelta(days=2)).isoformat()},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    refused = api.patch(url, {"team": []}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["team"] == [TEAM_ON_WORKSPACE]


@pytest.mark.parametrize("day", [dt.date(1, 1, 2), dt.date(9999, 12, 30)])
def test_a_day_at_the_ends_of_the_calendar_is_refused_not_a_crash(
    organization: Any, day: dt.date
) -> None:
    built = build_audit_world(organization)
    with pytest.raises(ValidationError) as refused:
        programme_services.cert_audit_plan(
            actor=built.manager,
            audit=built.stage2,
            start_date=day,
            end_date=day,
            lead_auditor=built.lead,
        )
    assert "start_date" in refused.value.message_dict
