"""Menu entry and dashboard cards of complaints: "Complaints to acknowledge" on the home
dashboard, complaints per month on the "improvement" page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.charts import Series, bar_chart
from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

from .choices import ComplaintChannel
from .selectors import (
    complaints_per_month,
    complaints_to_acknowledge,
    complaints_to_acknowledge_count,
)

register_menu(
    gettext_lazy("Customers"),
    MenuItem(gettext_lazy("Complaints"), "complaints:complaint_list", "complaints.view_complaint"),
    weight=45,
)

_TONES = {
    ComplaintChannel.EMAIL: "primary",
    ComplaintChannel.PHONE: "accent",
    ComplaintChannel.LETTER: "muted",
    ComplaintChannel.WEB_FORM: "ok",
    ComplaintChannel.IN_PERSON: "warn",
    ComplaintChannel.OTHER: "danger",
}


def _to_acknowledge(request: HttpRequest) -> dict[str, Any]:
    user, organization = request.user, request.organization  # type: ignore[attr-defined]
    return {
        "complaints": complaints_to_acknowledge(user=user, organization=organization),
        "count": complaints_to_acknowledge_count(user=user, organization=organization),
        "today": timezone.localdate(),
    }


def complaints_chart(*, user: Any, organization: Any, today: Any) -> Any:
    starts, by_channel = complaints_per_month(user=user, organization=organization, today=today)
    labels = [start.strftime("%b %Y") for start in starts]
    series = [
        Series(str(ComplaintChannel(value).label), counts, tone=_TONES[ComplaintChannel(value)])
        for value, counts in by_channel.items()
        if any(counts)
    ]
    return bar_chart(
        title=_("Complaints per month, by channel"), labels=labels, series=series, stacked=True
    )


def _per_month(request: HttpRequest) -> dict[str, Any]:
    return {
        "chart": complaints_chart(
            user=request.user,
            organization=request.organization,  # type: ignore[attr-defined]
            today=timezone.localdate(),
        )
    }


register_card(
    Card(
        key="complaints.to_acknowledge",
        title=gettext_lazy("Complaints to acknowledge"),
        template="complaints/cards/to_acknowledge.html",
        context=_to_acknowledge,
        permission="complaints.view_complaint",
        weight=40,
    )
)
register_card(
    Card(
        key="complaints.per_month",
        title=gettext_lazy("Complaints per month"),
        template="complaints/cards/per_month.html",
        context=_per_month,
        permission="complaints.view_complaint",
        weight=40,
        page="improvement",
    )
)
