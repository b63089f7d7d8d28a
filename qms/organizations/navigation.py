"""Menu entries and the dashboard card of organizations."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

from .selectors import organization_summary

register_menu(
    _("Organization"),
    MenuItem(_("Organization profile"), "organizations:organization_detail"),
    MenuItem(_("Sites"), "organizations:site_list", "organizations.view_site"),
    MenuItem(_("Processes"), "organizations:process_list", "organizations.view_process"),
    weight=10,
)


def _summary(request: HttpRequest) -> dict[str, Any]:
    return {
        "summary": organization_summary(
            user=request.user,
            organization=request.organization,  # type: ignore[attr-defined]
        )
    }


register_card(
    Card(
        key="organizations.summary",
        title=_("Your management system"),
        template="organizations/cards/summary.html",
        context=_summary,
        weight=10,
    )
)
