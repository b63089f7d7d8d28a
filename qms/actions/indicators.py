"""The figures the action tracker offers to objectives (qms.core.indicators), read through
the tracker's own selectors (selectors.overdue_on: the "Overdue" filter).

- actions.overdue: at the period's end, the actions due before its last day and still to do
  on that day (open or in progress, or done only after it); cancelled actions never count.
- actions.completed_on_time_pct: of the actions done in the period (by their completion
  day), the share completed on or before their due date; None when none was done.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from qms.core.indicators import Indicator, on_time_pct, register_indicator

from .models import Action
from .selectors import completed_between, overdue_on


def overdue(organization_id: int, start: date, end: date) -> int:
    return Action.objects.for_organization(organization_id).filter(overdue_on(end)).count()


def completed_on_time_pct(organization_id: int, start: date, end: date) -> Decimal | None:
    done = completed_between(Action.objects.for_organization(organization_id), start=start, end=end)
    return on_time_pct(done.values_list("completed_at", "due_date"))


def register() -> None:
    register_indicator(
        Indicator(
            key="actions.overdue",
            label=_("Overdue actions"),
            unit=_("actions"),
            better="lower",
            compute=overdue,
            description=_(
                "Actions still to do at the end of the period whose due date was before its "
                "last day (cancelled actions excluded)."
            ),
        )
    )
    register_indicator(
        Indicator(
            key="actions.completed_on_time_pct",
            label=_("Actions completed on time (%)"),
            unit="%",
            better="higher",
            compute=completed_on_time_pct,
            description=_(
                "Of the actions completed in the period, the share completed on or before "
                "their due date."
            ),
        )
    )
