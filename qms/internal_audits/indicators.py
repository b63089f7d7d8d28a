"""The figures internal audits offer to quality objectives (qms.core.indicators).

- internal_audits.completed: audits whose report was issued in the period.
- internal_audits.overdue: audits planned before the month of the period's last day and
  still not done (planned or in progress) — a snapshot at the period's end.
- internal_audits.completed_on_time_pct: of the audits reported in the period, the share
  reported by the end of the month after their planned month (selectors.due_by); None when
  none was reported.
- internal_audits.mean_days_to_report: mean days from the audit's last day to its report.
- internal_audits.findings_per_audit: findings per audit reported in the period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from qms.core.indicators import Indicator, days_figure, register_indicator

from .selectors import KpiPeriod, audit_kpis, overdue_audits


def _period(organization_id: int, start: date, end: date) -> KpiPeriod:
    return audit_kpis(organization=organization_id, periods=[("", start, end)])[0]


def completed(organization_id: int, start: date, end: date) -> int:
    return _period(organization_id, start, end).completed


def overdue(organization_id: int, start: date, end: date) -> int:
    """Audits not done whose planned month ended before the period's last month began (and
    that were not finished by then: created as planned, still planned or in progress)."""
    count: int = overdue_audits(organization=organization_id, today=end).count()
    return count


def completed_on_time_pct(organization_id: int, start: date, end: date) -> Decimal | None:
    pct = _period(organization_id, start, end).on_time_pct
    return None if pct is None else Decimal(str(pct))


def mean_days_to_report(organization_id: int, start: date, end: date) -> Decimal | None:
    return days_figure(_period(organization_id, start, end).mean_days_to_report)


def findings_per_audit(organization_id: int, start: date, end: date) -> Decimal | None:
    value = _period(organization_id, start, end).findings_per_audit
    return None if value is None else Decimal(str(value))


def register() -> None:
    audits = _("audits")
    for indicator in (
        Indicator(
            key="internal_audits.completed",
            label=_("Internal audits completed"),
            unit=audits,
            better="higher",
            compute=completed,
            description=_("Internal audits whose report was issued in the period."),
        ),
        Indicator(
            key="internal_audits.overdue",
            label=_("Internal audits overdue"),
            unit=audits,
            better="lower",
            compute=overdue,
            description=_(
                "Audits planned for a month before the period's last month and not done yet."
            ),
        ),
        Indicator(
            key="internal_audits.completed_on_time_pct",
            label=_("Internal audits reported on time (%)"),
            unit="%",
            better="higher",
            compute=completed_on_time_pct,
            description=_(
                "Of the audits reported in the period, the share reported by the end of the "
                "month after their planned month."
            ),
        ),
        Indicator(
            key="internal_audits.mean_days_to_report",
            label=_("Mean days from audit to report"),
            unit=_("days"),
            better="lower",
            compute=mean_days_to_report,
            description=_("Mean days from an audit's last day to its report."),
        ),
        Indicator(
            key="internal_audits.findings_per_audit",
            label=_("Findings per internal audit"),
            unit=_("findings"),
            better="lower",
            compute=findings_per_audit,
            description=_("Findings per audit reported in the period."),
        ),
    ):
        register_indicator(indicator)
