"""Menu entry ("Checking") and the home dashboard card of the Stage 1 readiness report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

register_menu(
    gettext_lazy("Checking"),
    MenuItem(
        gettext_lazy("Stage 1 readiness"),
        "readiness:report",
        "readiness.view_readinesssnapshot",
    ),
    weight=30,
)


def _readiness(request: HttpRequest) -> dict[str, Any]:
    from .selectors.card import card_figures

    return card_figures(
        organization=request.organization,  # type: ignore[attr-defined]
        today=timezone.localdate(),
    )


register_card(
    Card(
        key="readiness.percentage",
        title=gettext_lazy("Stage 1 readiness"),
        template="readiness/cards/readiness.html",
        context=_readiness,
        permission="readiness.view_readinesssnapshot",
        weight=30,
    )
)
