"""The complaint log shows the columns a handler scans (it fits 1280 px), the export keeps
every field, an overdue acknowledgement is marked in the log, and the detail page says how
to acknowledge (the guard's words name the field and the Edit page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from qms.complaints import rules

LIST = reverse("complaints:complaint_list")


def test_the_log_shows_the_handlers_columns_only(
    make_complaint: Any, quality_manager: Any, client_for: Any
) -> None:
    make_complaint()
    html = client_for(quality_manager).get(LIST).content.decode()
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert head.count("<th ") == 8
    for label in ("Number", "Received", "Customer", "Status", "Ack. due", "Owner", "NC"):
        assert label in head
    assert "Channel" not in head and "Justified" not in head


def test_the_export_keeps_every_column(
    make_complaint: Any, quality_manager: Any, client_for: Any
) -> None:
    complaint = make_complaint()
    csv = client_for(quality_manager).get(LIST + "?export=csv")
    body = (b"".join(csv.streaming_content) if csv.streaming else csv.content).decode()
    header = body.splitlines()[0]
    for label in ("Channel", "Justified", "Acknowledgement due", "Nonconformity", "Owner"):
        assert label in header
    assert complaint.number in body


def test_an_overdue_acknowledgement_is_marked_in_the_log(
    make_complaint: Any, quality_manager: Any, client_for: Any
) -> None:
    today = timezone.localdate()
    late = make_complaint(
        received_on=today - dt.timedelta(days=9), acknowledgement_due=today - dt.timedelta(days=2)
    )
    on_time = make_complaint(
        received_on=today - dt.timedelta(days=1), acknowledgement_due=today + dt.timedelta(days=3)
    )
    assert late.acknowledgement_due_label.endswith("(overdue)")
    assert "overdue" not in on_time.acknowledgement_due_label
    html = client_for(quality_manager).get(LIST).content.decode()
    assert f"{late.acknowledgement_due.isoformat()} (overdue)" in html


def test_the_guards_say_what_to_do() -> None:
    today = dt.date(2026, 6, 10)
    missing = rules.acknowledgement_problem(
        received_on=dt.date(2026, 6, 1), acknowledged_on=None, today=today
    )
    assert missing is not None
    assert "Enter the date you acknowledged" in missing and "Edit" in missing
    assert "before acknowledging" not in missing  # not circular
    unsent = rules.response_problem(response="Replaced.", response_sent_on=None, today=today)
    assert unsent is not None and "Edit" in unsent


def test_the_detail_page_shows_the_next_step(
    make_complaint: Any, quality_manager: Any, client_for: Any
) -> None:
    complaint = make_complaint()
    html = client_for(quality_manager).get(complaint.get_absolute_url()).content.decode()
    assert 'data-next-step="acknowledge"' in html
    assert reverse("complaints:complaint_edit", args=[complaint.pk]) in html
