"""Reminders of the client's responses and of the verification of majors (qms remind):
a few days before and once overdue, to the client's portal users and the lead auditor,
each once; and the flag of a major not verified within the limit after Stage 2."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.certification.portal import reminders, rules
from qms.certification.portal.selectors import finding_flags
from qms.core.reminders import reminders_run
from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_portal import PortalWorld, build_portal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(organization: Any) -> PortalWorld:
    return build_portal_world(organization)


def _recipients(rule: Any, day: dt.date) -> set[tuple[str, str]]:
    return {(r.key, r.recipient.email) for r in rule(day)}


def test_a_response_due_soon_reminds_the_portal_users_and_the_lead_auditor(
    pw: PortalWorld,
) -> None:
    due = pw.minor.respond_by
    assert due is not None
    found = _recipients(reminders.response_due_rule, due - dt.timedelta(days=3))
    emails = {email for key, email in found if f"cert-finding:{pw.minor.pk}:" in key}
    assert emails == {pw.portal_user.email, pw.world.lead.email}
    assert not _recipients(reminders.response_due_rule, due - dt.timedelta(days=20))
    late = _recipients(reminders.response_overdue_rule, due + dt.timedelta(days=1))
    assert {e for k, e in late if f"cert-finding:{pw.minor.pk}:" in k} == emails


def test_a_submitted_response_is_no_longer_reminded(pw: PortalWorld) -> None:
    from qms.certification.portal import services

    services.response_submit(
        actor=pw.portal_user,
        finding=pw.minor,
        data={"correction": "a", "root_cause": "b", "corrective_action": "c"},
    )
    due = pw.minor.respond_by
    assert due is not None
    keys = {k for k, _e in _recipients(reminders.response_overdue_rule, due + dt.timedelta(1))}
    assert not any(f"cert-finding:{pw.minor.pk}:" in k for k in keys)


def test_reminders_are_delivered_once(pw: PortalWorld) -> None:
    due = pw.major.respond_by
    assert due is not None
    day = due + dt.timedelta(days=2)
    first = reminders_run(today=day)
    second = reminders_run(today=day)
    sent = {r.name: r.sent for r in first.rules}
    assert sent[reminders.RESPONSE_OVERDUE] >= 2
    assert {r.name: r.sent for r in second.rules}[reminders.RESPONSE_OVERDUE] == 0


def test_a_major_past_the_limit_after_stage2_needs_a_new_stage2(pw: PortalWorld) -> None:
    with allow_unaudited_writes():
        pw.programme.stage2_last_day = timezone.localdate() - dt.timedelta(days=200)
        pw.programme.save()
    pw.major.refresh_from_db()
    pw.minor.refresh_from_db()
    flags = finding_flags([pw.major, pw.minor], today=timezone.localdate())
    assert flags[pw.major.pk]["new_stage2"] is True
    assert flags[pw.minor.pk]["new_stage2"] is False


def test_the_stage2_limit_rule() -> None:
    last = dt.date(2026, 1, 31)
    args: dict[str, Any] = {
        "grade": "major",
        "status": "accepted",
        "audit_kind": "stage2",
        "stage2_last_day": last,
        "verified_on": None,
        "months": 6,
    }
    assert not rules.stage2_repeat_required(**args, today=dt.date(2026, 7, 31))
    assert rules.stage2_repeat_required(**args, today=dt.date(2026, 8, 1))
    assert not rules.stage2_repeat_required(
        **{**args, "status": "verified", "verified_on": dt.date(2026, 7, 1)},
        today=dt.date(2027, 1, 1),
    )
    assert not rules.stage2_repeat_required(
        **{**args, "audit_kind": "surveillance_1"}, today=dt.date(2027, 1, 1)
    )
    assert rules.due_state(due=dt.date(2026, 1, 1), today=dt.date(2026, 1, 2)) == "overdue"
    assert rules.due_state(due=dt.date(2026, 1, 5), today=dt.date(2026, 1, 2)) == "soon"
