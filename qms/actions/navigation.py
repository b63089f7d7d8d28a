"""Menu entries and dashboard cards of the action tracker."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

from .selectors import my_action_summary, overdue_by_owner

register_menu(
    _("Actions"),
    MenuItem(_("My actions"), "actions:my_actions", "actions.complete_action"),
    MenuItem(_("All actions"), "actions:action_list", "actions.view_action"),
    weight=25,
)


def _my_actions(request: HttpRequest) -> dict[str, Any]:
    return {
        "summary": my_action_summary(
            user=request.user,
            organization=request.organization,  # type: ignore[attr-defined]
        )
    }


def _overdue(request: HttpRequest) -> dict[str, Any]:
    from qms.core.charts import Series, bar_chart

    rows = overdue_by_owner(
        user=request.user,
        organization=request.organization,  # type: ignore[attr-defined]
    )
    chart = bar_chart(
        title=str(_("Overdue actions by owner")),
        labels=[name for name, _count in rows],
        series=[Series(str(_("Overdue actions")), [count for _name, count in rows], tone="danger")],
        horizontal=True,
    )
    return {"rows": rows, "chart": chart}


def register() -> None:
    register_card(
        Card(
            key="actions.mine",
            title=_("My actions"),
            template="actions/cards/my_actions.html",
            context=_my_actions,
            permission="actions.complete_action",  # a viewer owns no actions
            weight=15,
        )
    )
    register_card(
        Card(
            key="actions.overdue",
            title=_("Overdue actions"),
            template="actions/cards/overdue.html",
            context=_overdue,
            permission="actions.view_action",
            weight=40,
            page="improvement",
        )
    )
