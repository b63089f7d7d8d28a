"""The "Improvement" dashboard page and its nonconformity cards, and the home card.

Each card's context comes from metrics.py (aggregated in SQL, a bounded number of queries)
and is drawn with core.charts, by the product itself (no CDN)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qms.core.charts import Series, bar_chart, line_chart
from qms.core.dashboard import Card, DashboardPage, register_card, register_dashboard_page

from . import metrics
from .choices import Severity

VIEW = "nonconformities.view_nonconformity"
_TONES = {Severity.MAJOR: "danger", Severity.MINOR: "warn", Severity.OBSERVATION: "muted"}


def _scope(request: HttpRequest) -> dict[str, Any]:
    return {"user": request.user, "organization": request.organization}  # type: ignore[attr-defined]


def _summary(request: HttpRequest) -> dict[str, Any]:
    """The home card: the counts and a link to the Improvement page."""
    return {"summary": metrics.open_summary(**_scope(request)), "on_dashboard_page": False}


def _summary_here(request: HttpRequest) -> dict[str, Any]:
    """The same counts on the Improvement page itself, linking to the register instead."""
    return {"summary": metrics.open_summary(**_scope(request)), "on_dashboard_page": True}


def _by_age(request: HttpRequest) -> dict[str, Any]:
    counts = metrics.open_by_age(**_scope(request))
    chart = bar_chart(
        title=str(_("Open nonconformities by age")),
        labels=list(metrics.AGE_BUCKETS),
        series=[
            Series(str(label), counts[value], tone=_TONES[Severity(value)])
            for value, label in Severity.choices
        ],
        stacked=True,
        category=str(_("Age")),
    )
    return {"chart": chart, "total": sum(sum(row) for row in counts.values())}


def _by_process(request: HttpRequest) -> dict[str, Any]:
    rows = metrics.open_by_process(**_scope(request))
    chart = bar_chart(
        title=str(_("Open nonconformities by process")),
        labels=[label for label, _count in rows],
        series=[Series(str(_("Open")), [count for _label, count in rows])],
        horizontal=True,
        category=str(_("Process")),
    )
    return {"chart": chart, "rows": rows}


def _time_to_close(request: HttpRequest) -> dict[str, Any]:
    rows = metrics.mean_days_to_close(**_scope(request))
    chart = line_chart(
        title=str(_("Mean days to close, by month closed")),
        labels=[period.strftime("%b %Y") for period, _mean in rows],
        series=[Series(str(_("Mean days")), [mean for _period, mean in rows], tone="accent")],
        unit=" d",
        category=str(_("Month")),
    )
    return {"chart": chart, "any": any(mean is not None for _period, mean in rows)}


def _repeats(request: HttpRequest) -> dict[str, Any]:
    rows = metrics.repeat_nonconformities(**_scope(request))
    chart = bar_chart(
        title=str(_("Repeat nonconformities, last 12 months")),
        labels=[label for label, _count in rows],
        series=[Series(str(_("Nonconformities")), [count for _label, count in rows], "warn")],
        horizontal=True,
        category=str(_("Same process or cause")),
    )
    return {"chart": chart, "rows": rows}


register_dashboard_page(
    DashboardPage(slug="improvement", title=_("Improvement"), permission=VIEW, weight=20)
)
register_card(
    Card(
        key="nonconformities.open",
        title=_("Open nonconformities"),
        template="nonconformities/cards/open.html",
        context=_summary,
        permission=VIEW,
        weight=20,
    )
)
register_card(
    Card(
        key="nonconformities.summary",
        title=_("Open nonconformities"),
        template="nonconformities/cards/open.html",
        context=_summary_here,
        permission=VIEW,
        weight=5,
        page="improvement",
    )
)
for key, title, template, context, weight in (
    ("by_age", _("Open nonconformities by age"), "chart", _by_age, 10),
    ("by_process", _("Open nonconformities by process"), "chart", _by_process, 20),
    ("time_to_close", _("Mean time to close"), "chart", _time_to_close, 30),
    ("repeats", _("Repeat nonconformities"), "repeats", _repeats, 50),
):
    register_card(
        Card(
            key=f"nonconformities.{key}",
            title=title,
            template=f"nonconformities/cards/{template}.html",
            context=context,
            permission=VIEW,
            weight=weight,
            page="improvement",
        )
    )
