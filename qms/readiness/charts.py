"""The readiness report's charts (core.charts SVG): the percentage per edition, the clauses
by state per top-level clause, and the percentage over time from saved snapshots."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from qms.core.charts import Chart, Series, bar_chart, line_chart

from .choices import ClauseState
from .selectors.report import ReadinessReport

_TONES = {
    ClauseState.REVIEWED: "ok",
    ClauseState.EFFECTIVE: "primary",
    ClauseState.DRAFT: "warn",
    ClauseState.NONE: "danger",
}


def percentage_chart(report: ReadinessReport) -> Chart:
    labels = [str(item.edition) for item in report.editions]
    ready = [item.percentage for item in report.editions]
    if len(labels) != 1:
        labels.append(_("All standards"))
        ready.append(report.percentage)
    return bar_chart(
        title=_("Readiness: clauses with evidence in force"),
        labels=labels,
        series=[
            Series(_("Ready"), ready, tone="ok"),
            Series(_("Still to do"), [round(100 - value, 1) for value in ready], tone="muted"),
        ],
        stacked=True,
        horizontal=True,
        unit="%",
    )


def states_chart(report: ReadinessReport) -> Chart:
    several = len(report.editions) > 1
    labels: list[str] = []
    counts: dict[str, list[int]] = {state: [] for state in _TONES}
    for edition in report.editions:
        for group in edition.groups:
            prefix = f"{edition.edition.standard.code} " if several else ""
            labels.append(f"{prefix}{group.clause.number}")
            group_counts = group.counts
            for state in _TONES:
                counts[state].append(group_counts[state])
    return bar_chart(
        title=_("Applicable clauses by state, per top-level clause"),
        labels=labels,
        series=[
            Series(str(state.label), counts[state], tone=tone) for state, tone in _TONES.items()
        ],
        stacked=True,
        category=_("Clause"),
    )


def history_chart(points: Sequence[tuple[str, float]]) -> Chart | None:
    if not points:
        return None
    return line_chart(
        title=_("Readiness over time (saved reports)"),
        labels=[day for day, _value in points],
        series=[Series(_("Readiness"), [value for _day, value in points], tone="primary")],
        unit="%",
        y_min=0,
        y_max=100,
    )
