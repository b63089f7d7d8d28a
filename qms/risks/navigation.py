"""Menu entries (group "Planning") and the home card "High risks / reviews overdue"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

from .selectors import home_counts

register_menu(
    gettext_lazy("Planning"),
    MenuItem(gettext_lazy("Risks and opportunities"), "risks:risk_list", "risks.view_risk"),
    weight=22,
)
register_menu(
    gettext_lazy("Planning"),
    MenuItem(gettext_lazy("Risk heat map"), "risks:risk_heatmap", "risks.view_risk"),
    weight=22,
)


def _home(request: HttpRequest) -> dict[str, Any]:
    return home_counts(
        user=request.user,
        organization=request.organization,  # type: ignore[attr-defined]
        today=timezone.localdate(),
    )


register_card(
    Card(
        key="risks.home",
        title=gettext_lazy("High risks and reviews overdue"),
        template="risks/cards/home.html",
        context=_home,
        permission="risks.view_risk",
        weight=22,
    )
)
