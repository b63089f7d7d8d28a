"""The reminder rule "complaints.acknowledgement_due": to the owner, the day before and on
the due date while the complaint is not acknowledged; each once, whatever the runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qms.complaints.reminders import RULE
from qms.core.notifications import Notification
from qms.core.reminders import reminders_run
from qms.core.workflow import model_transition

DUE = dt.date(2026, 6, 10)


def sent(report: Any) -> int:
    return next(rule.sent for rule in report.rules if rule.name == RULE)


def test_the_day_before_and_on_the_due_date_each_once(
    make_complaint: Any, quality_manager: Any
) -> None:
    complaint = make_complaint(received_on=dt.date(2026, 6, 5), acknowledgement_due=DUE)
    assert sent(reminders_run(today=DUE - dt.timedelta(days=2))) == 0
    assert sent(reminders_run(today=DUE - dt.timedelta(days=1))) == 1
    assert sent(reminders_run(today=DUE - dt.timedelta(days=1))) == 0  # same day again
    assert sent(reminders_run(today=DUE)) == 1
    assert sent(reminders_run(today=DUE)) == 0
    assert sent(reminders_run(today=DUE + dt.timedelta(days=1))) == 0
    mine = Notification.objects.for_recipient(quality_manager).filter(kind=RULE)
    assert mine.count() == 2
    assert all(complaint.number in n.title for n in mine)
    assert {n.url for n in mine} == {complaint.get_absolute_url()}


def test_an_acknowledged_complaint_is_not_reminded(
    make_complaint: Any, quality_manager: Any
) -> None:
    complaint = make_complaint(
        received_on=dt.date(2026, 6, 5),
        acknowledgement_due=DUE,
        acknowledged_on=dt.date(2026, 6, 6),
    )
    model_transition(actor=quality_manager, instance=complaint, transition="acknowledge")
    assert sent(reminders_run(today=DUE)) == 0


def test_a_new_due_date_makes_new_reminders(make_complaint: Any, quality_manager: Any) -> None:
    from qms.complaints.services import complaint_update

    complaint = make_complaint(received_on=dt.date(2026, 6, 5), acknowledgement_due=DUE)
    assert sent(reminders_run(today=DUE)) == 1
    complaint_update(
        actor=quality_manager,
        instance=complaint,
        data={"acknowledgement_due": DUE + dt.timedelta(days=3)},
    )
    assert sent(reminders_run(today=DUE + dt.timedelta(days=3))) == 1
