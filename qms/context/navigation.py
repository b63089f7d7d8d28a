"""Menu entries of the context of the organization (group "Planning")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from qms.core.navigation import MenuItem, register_menu

_PLANNING = gettext_lazy("Planning")

register_menu(
    _PLANNING,
    MenuItem(gettext_lazy("Context and scope"), "context:overview", "context.view_contextissue"),
    weight=22,
)
register_menu(
    _PLANNING,
    MenuItem(gettext_lazy("Issues"), "context:contextissue_list", "context.view_contextissue"),
    weight=22,
)
register_menu(
    _PLANNING,
    MenuItem(
        gettext_lazy("Interested parties"),
        "context:interestedparty_list",
        "context.view_interestedparty",
    ),
    weight=22,
)
