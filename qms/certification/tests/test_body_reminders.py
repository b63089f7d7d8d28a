"""Reminders of the certification body (qualification expiring: the person and the
certification managers; accreditation expiring: the certification managers), once per record
and expiry date; and the home card "Qualifications expiring"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.certification.body.reminders import (
    ACCREDITATION_EXPIRING,
    QUALIFICATION_EXPIRING,
    accreditation_expiring_rule,
    qualification_expiring_rule,
)
from qms.certification.body.services import qualification_update
from qms.certification.models import AuditorQualification
from qms.certification.tests.body_world import UNTIL, Body, build_body, qualify
from qms.core.notifications import Notification
from qms.core.reminders import reminder_rules, reminders_run
from qms.core.testing.audit_guard import allow_unaudited_writes

pytestmark = pytest.mark.django_db

# Dana's ISO 14001 qualification ends on 2026-03-31; the accreditation on 2028-12-31.
MARCH_31 = dt.date(2026, 3, 31)


@pytest.fixture
def cb(organization: Any) -> Body:
    return build_body(organization)


def _ours(cb: Body) -> AuditorQualification:
    return AuditorQualification.objects.get(person=cb.auditor, standard=cb.ems)


def test_the_rules_are_registered() -> None:
    assert {QUALIFICATION_EXPIRING, ACCREDITATION_EXPIRING} <= set(reminder_rules())


def test_a_qualification_expiring_within_60_days_reminds_the_person_and_the_managers(
    cb: Body,
) -> None:
    reminders = list(qualification_expiring_rule(MARCH_31 - dt.timedelta(days=60)))
    assert {r.recipient for r in reminders} == {cb.auditor, cb.manager}
    assert {r.key for r in reminders} == {
        f"auditor-qualification:{_ours(cb).pk}:expires:2026-03-31"
    }
    assert reminders[0].title == ("Qualification of Dana Reed for ISO 14001 expires on 2026-03-31")
    assert reminders[0].url == _ours(cb).get_absolute_url()


def test_not_yet_within_60_days_nor_once_expired(cb: Body) -> None:
    assert list(qualification_expiring_rule(MARCH_31 - dt.timedelta(days=61))) == []
    assert list(qualification_expiring_rule(MARCH_31 + dt.timedelta(days=1))) == []


def test_delivered_once_per_qualification_and_expiry_date(cb: Body) -> None:
    day = MARCH_31 - dt.timedelta(days=30)
    reminders_run(today=day)
    reminders_run(today=day + dt.timedelta(days=1))
    kinds = Notification.objects.filter(kind=QUALIFICATION_EXPIRING)
    assert sorted(n.recipient.email for n in kinds) == ["auditor@cb.test", "manager@cb.test"]
    # renewed until a new date: reminded again when that one nears
    qualification_update(
        actor=cb.manager, instance=_ours(cb), data={"valid_until": dt.date(2027, 3, 31)}
    )
    reminders_run(today=dt.date(2027, 3, 1))
    assert Notification.objects.filter(kind=QUALIFICATION_EXPIRING).count() == 4


def test_an_accreditation_expiring_within_90_days_reminds_the_managers(cb: Body) -> None:
    reminders = list(accreditation_expiring_rule(UNTIL - dt.timedelta(days=90)))
    assert [(r.recipient, r.key) for r in reminders] == [
        (cb.manager, f"accreditation:{cb.accreditation.pk}:expires:2028-12-31")
    ]
    assert list(accreditation_expiring_rule(UNTIL - dt.timedelta(days=91))) == []


def test_a_suspended_accreditation_is_not_reminded_about(cb: Body) -> None:
    from qms.certification.body.services import accreditation_suspend

    accreditation_suspend(actor=cb.manager, instance=cb.accreditation, reason="Suspended.")
    assert list(accreditation_expiring_rule(UNTIL - dt.timedelta(days=10))) == []


def test_the_reminder_days_follow_the_setting(cb: Body, settings: Any) -> None:
    settings.CERTIFICATION_QUALIFICATION_REMINDER_DAYS = 90
    assert list(qualification_expiring_rule(MARCH_31 - dt.timedelta(days=80)))


def test_the_home_card_counts_expiring_and_expired_for_certification_roles(
    organization: Any, client_for: Any
) -> None:
    # given a body whose qualifications all end far away, but one soon and one past
    cb = build_body(organization)
    today = timezone.localdate()
    with allow_unaudited_writes():
        AuditorQualification.objects.filter(organization=organization).delete()
    qualify(
        organization,
        cb.lead,
        cb.qms,
        "lead_auditor",
        [cb.metals],
        valid_until=today + dt.timedelta(days=10),
    )
    qualify(
        organization,
        cb.auditor,
        cb.qms,
        "auditor",
        [cb.metals],
        valid_from=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    # when a member of the body opens the home page
    page = client_for(cb.lead).get(reverse("core:dashboard")).content.decode()
    # then the card counts one expiring (named) and one expired
    assert "Qualifications expiring" in page
    assert "<strong>1</strong><span>qualification expiring within 60 days</span>" in page
    assert "<strong>1</strong><span>qualification expired</span>" in page
    assert "Lee Lead · ISO 9001" in page
    # and a member without a certification role does not see it
    employee_page = client_for(cb.employee).get(reverse("core:dashboard")).content.decode()
    assert "Qualifications expiring" not in employee_page
