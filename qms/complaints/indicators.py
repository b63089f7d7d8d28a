"""The figures the complaint log offers to objectives (qms.core.indicators), read through
the same selectors as the log's own filters and chart (selectors.received_between).

- complaints.received: complaints received from the first to the last day of the period
  (the log filtered by "Received from/until").
- complaints.mean_days_to_acknowledge: mean days from receipt to acknowledgement of the
  complaints acknowledged in the period; None when none was acknowledged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.indicators import Indicator, days_figure, register_indicator

from .models import Complaint
from .selectors import acknowledged_between, mean_days_to_acknowledge_of, received_between


def _of(organization_id: int) -> QuerySet[Complaint]:
    return Complaint.objects.for_organization(organization_id)


def received(organization_id: int, start: date, end: date) -> int:
    return received_between(_of(organization_id), start=start, end=end).count()


def mean_days_to_acknowledge(organization_id: int, start: date, end: date) -> Decimal | None:
    found = acknowledged_between(_of(organization_id), start=start, end=end)
    days = mean_days_to_acknowledge_of(found)
    return days_figure(days)


def register() -> None:
    register_indicator(
        Indicator(
            key="complaints.received",
            label=_("Complaints received"),
            unit=_("complaints"),
            better="lower",
            compute=received,
            description=_(
                "Customer complaints received in the period (first and last day included)."
            ),
        )
    )
    register_indicator(
        Indicator(
            key="complaints.mean_days_to_acknowledge",
            label=_("Mean days to acknowledge a complaint"),
            unit=_("days"),
            better="lower",
            compute=mean_days_to_acknowledge,
            description=_(
                "Mean days from receipt to acknowledgement of the complaints acknowledged in "
                "the period; none when none was acknowledged."
            ),
        )
    )
