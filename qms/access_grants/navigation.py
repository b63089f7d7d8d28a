"""Menu entries of external access (organization settings group)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from qms.core.navigation import MenuItem, register_menu

register_menu(
    gettext_lazy("Organization"),
    MenuItem(
        gettext_lazy("External auditors"),
        "access_grants:accessgrant_list",
        "access_grants.view_accessgrant",
    ),
    weight=90,
)
register_menu(
    gettext_lazy("Organization"),
    MenuItem(
        gettext_lazy("Evidence requests"),
        "access_grants:evidencerequest_list",
        "access_grants.view_evidencerequest",
    ),
    weight=90,
)
