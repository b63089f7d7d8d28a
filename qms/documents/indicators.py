"""The figure the document register offers to objectives (qms.core.indicators), read
through the register's own "Review overdue" filter (selectors.reviews.review_overdue_on).

- documents.overdue_reviews: at the period's end, the active documents whose next periodic
  review date is before the last day of the period. Read from the documents' current review
  dates: for a period that ended in the past, a document reviewed since then (its next date
  moved on) is no longer counted.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from qms.core.indicators import Indicator, register_indicator

from .models import Document
from .selectors.reviews import review_overdue_on


def overdue_reviews(organization_id: int, start: date, end: date) -> int:
    return review_overdue_on(Document.objects.for_organization(organization_id), end).count()


def register() -> None:
    register_indicator(
        Indicator(
            key="documents.overdue_reviews",
            label=_("Overdue document reviews"),
            unit=_("documents"),
            better="lower",
            compute=overdue_reviews,
            description=_(
                "Active documents whose periodic review date is before the period's last day "
                "(the value at the end of the period)."
            ),
        )
    )
