"""Review reminders ("risks.review_due" before the date, "risks.review_overdue" after it), each
once per entry and review date; the calendar source; the linked-records registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from qms.core.notifications import Notification
from qms.core.reminders import reminders_run
from qms.risks import links, services
from qms.risks.links import LinkedRecord, register_risk_link_source
from qms.risks.reminders import DUE, OVERDUE, review_dates_source

pytestmark = pytest.mark.django_db

REVIEW = dt.date(2026, 6, 30)


def sent(report: Any, rule: str) -> int:
    return next(r.sent for r in report.rules if r.name == rule)


def test_due_and_overdue_each_once(make_risk: Any, quality_manager: Any) -> None:
    risk = make_risk(next_review_on=REVIEW)
    assert sent(reminders_run(today=REVIEW - dt.timedelta(days=30)), DUE) == 0
    assert sent(reminders_run(today=REVIEW - dt.timedelta(days=10)), DUE) == 1
    assert sent(reminders_run(today=REVIEW - dt.timedelta(days=9)), DUE) == 0
    assert sent(reminders_run(today=REVIEW + dt.timedelta(days=1)), OVERDUE) == 1
    assert sent(reminders_run(today=REVIEW + dt.timedelta(days=2)), OVERDUE) == 0
    mine = Notification.objects.for_recipient(quality_manager).filter(kind__in=[DUE, OVERDUE])
    assert mine.count() == 2
    assert {n.url for n in mine} == {risk.get_absolute_url()}


def test_closed_entry_not_reminded(make_risk: Any, quality_manager: Any) -> None:
    from qms.core.workflow import model_transition

    risk = make_risk(next_review_on=REVIEW)
    model_transition(actor=quality_manager, instance=risk, transition="close", reason="Gone")
    assert sent(reminders_run(today=REVIEW + dt.timedelta(days=1)), OVERDUE) == 0


def test_calendar_source(make_risk: Any, quality_manager: Any) -> None:
    risk = make_risk(next_review_on=REVIEW)
    items = list(review_dates_source(quality_manager))
    assert [(item.day, item.url) for item in items] == [(REVIEW, risk.get_absolute_url())]


def test_link_panels_and_prompt_banner(
    client_for: Any, make_risk: Any, quality_manager: Any
) -> None:
    risk = make_risk()
    register_risk_link_source(
        "test.source",
        "Records pointing at this risk",
        lambda r: (
            [LinkedRecord("NC-2026-0009 <b>", "/nc/9/", "open", dt.date(2026, 5, 1))]
            if r.pk == risk.pk
            else []
        ),
    )
    services.risk_review_prompt(
        actor=quality_manager,
        risk=risk,
        reason="Recurred",
        source_label="NC-2026-0009",
        source_url="/nonconformities/9/",
    )
    body = client_for(quality_manager).get(reverse("risks:risk_detail", args=[risk.pk])).content
    text = body.decode()
    links._SOURCES.pop("test.source", None)
    assert "Records pointing at this risk" in text and "NC-2026-0009 &lt;b&gt;" in text
    assert "Review prompted by" in text and "data-review-prompt" in text
