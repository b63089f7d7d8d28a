"""The figures the nonconformity register offers to objectives (qms.core.indicators).

Each one reads the same selector as the register's own filter or dashboard chart
(selectors.reported_between, closed_between, mean_days_to_close_of), so an objective that
tracks it shows the number the register shows for the same period.

- nonconformities.reported: NCs detected from the first to the last day of the period
  (the register filtered by "Detected from/until").
- nonconformities.major_reported: the same, severity Major.
- nonconformities.closed: NCs closed (state Closed) whose closing day is in the period.
- nonconformities.closed_on_time_pct: of the NCs closed in the period that had a planned
  effectiveness-check date (verification_due), the share closed no later than
  settings.NONCONFORMITIES_CLOSE_GRACE_DAYS days (QMS_NONCONFORMITIES_CLOSE_GRACE_DAYS, 30 by
  default: an organization's own policy) after that date. The check cannot be made before its
  planned date and closing needs the check, so the planned date is the loop's target and the
  grace leaves time to record the check and close. NCs closed without a planned date are not
  counted; None when no NC with a planned date was closed.
- nonconformities.mean_days_to_close: mean days from detection to the closing day of the
  NCs closed in the period (the dashboard's time-to-close chart); None when none closed.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.indicators import Indicator, days_figure, on_time_pct, register_indicator

from .choices import Severity
from .models import Nonconformity
from .selectors import closed_between, mean_days_to_close_of, reported_between


def _of(organization_id: int) -> QuerySet[Nonconformity]:
    return Nonconformity.objects.for_organization(organization_id)


def reported(organization_id: int, start: date, end: date) -> int:
    return reported_between(_of(organization_id), start=start, end=end).count()


def major_reported(organization_id: int, start: date, end: date) -> int:
    found = reported_between(_of(organization_id), start=start, end=end)
    return found.filter(severity=Severity.MAJOR).count()


def closed(organization_id: int, start: date, end: date) -> int:
    return closed_between(_of(organization_id), start=start, end=end).count()


def closed_on_time_pct(organization_id: int, start: date, end: date) -> Decimal | None:
    rows = (
        closed_between(_of(organization_id), start=start, end=end)
        .filter(verification_due__isnull=False)
        .values_list("closed_at", "verification_due")
    )
    return on_time_pct(rows, grace=timedelta(days=settings.NONCONFORMITIES_CLOSE_GRACE_DAYS))


def mean_days_to_close(organization_id: int, start: date, end: date) -> Decimal | None:
    days = mean_days_to_close_of(closed_between(_of(organization_id), start=start, end=end))
    return days_figure(days)


def register() -> None:
    nc = _("NCs")
    for indicator in (
        Indicator(
            key="nonconformities.reported",
            label=_("Nonconformities reported"),
            unit=nc,
            better="lower",
            compute=reported,
            description=_("Nonconformities detected in the period (first and last day included)."),
        ),
        Indicator(
            key="nonconformities.major_reported",
            label=_("Major nonconformities reported"),
            unit=nc,
            better="lower",
            compute=major_reported,
            description=_("Nonconformities of severity Major detected in the period."),
        ),
        Indicator(
            key="nonconformities.closed",
            label=_("Nonconformities closed"),
            unit=nc,
            better="higher",
            compute=closed,
            description=_("Nonconformities closed in the period (by their closing day)."),
        ),
        Indicator(
            key="nonconformities.closed_on_time_pct",
            label=_("Nonconformities closed on time (%)"),
            unit="%",
            better="higher",
            compute=closed_on_time_pct,
            description=_(
                "Of the nonconformities closed in the period that had a planned effectiveness "
                "check date, the share closed at most 30 days after that date."
            ),
        ),
        Indicator(
            key="nonconformities.mean_days_to_close",
            label=_("Mean days to close a nonconformity"),
            unit=_("days"),
            better="lower",
            compute=mean_days_to_close,
            description=_(
                "Mean days from detection to closing of the nonconformities closed in the "
                "period; none when none was closed."
            ),
        ),
    ):
        register_indicator(indicator)
