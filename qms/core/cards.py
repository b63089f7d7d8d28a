"""Core's dashboard cards: recent activity and changes per day, from the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .charts import Series, bar_chart
from .dashboard import Card, register_card
from .selectors import audit_event_list

CHART_DAYS = 30


def _recent(request: HttpRequest) -> dict[str, Any]:
    events = audit_event_list(user=request.user, organization=request.organization)  # type: ignore[attr-defined]
    return {"events": list(events.order_by("-created_at", "-id")[:8])}


def activity_chart(counts: dict[Any, int], *, today: Any, days: int = CHART_DAYS) -> dict[str, Any]:
    """A bar chart of changes per day over the last `days` days, oldest first."""
    span = [today - timedelta(days=days - 1 - i) for i in range(days)]
    values = [counts.get(day, 0) for day in span]
    chart = bar_chart(
        title=_("Changes per day, last %(days)s days") % {"days": days},
        labels=[date_format(day, "j M") for day in span],
        series=[Series(str(_("Changes")), values)],
        category=str(_("Day")),
    )
    return {"chart": chart, "days": days, "total": sum(values)}


def _chart(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=CHART_DAYS)
    rows = (
        audit_event_list(user=request.user, organization=request.organization)  # type: ignore[attr-defined]
        .filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return activity_chart({row["day"]: row["n"] for row in rows}, today=today)


register_card(
    Card(
        "core.activity_chart",
        _("Changes per day"),
        "core/cards/activity_chart.html",
        _chart,
        permission="core.view_auditevent",
        weight=20,
    )
)
register_card(
    Card(
        "core.activity",
        _("Recent activity"),
        "core/cards/activity.html",
        _recent,
        permission="core.view_auditevent",
        weight=30,
    )
)
