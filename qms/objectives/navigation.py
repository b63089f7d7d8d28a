"""Menu entry and the home dashboard card of quality objectives."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

register_menu(
    gettext_lazy("Planning"),
    MenuItem(
        gettext_lazy("Quality objectives"),
        "objectives:qualityobjective_list",
        "objectives.view_qualityobjective",
    ),
    weight=22,
)


def _performance(request: HttpRequest) -> dict[str, Any]:
    from .selectors import performance_counts

    return {
        "counts": performance_counts(
            user=request.user,
            organization=request.organization,  # type: ignore[attr-defined]
            today=timezone.localdate(),
        )
    }


register_card(
    Card(
        key="objectives.performance",
        title=gettext_lazy("Quality objectives"),
        template="objectives/cards/performance.html",
        context=_performance,
        permission="objectives.view_qualityobjective",
        weight=22,
    )
)
