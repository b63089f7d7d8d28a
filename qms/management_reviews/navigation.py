"""Menu entry of management reviews (group "Checking")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from qms.core.navigation import MenuItem, register_menu

register_menu(
    gettext_lazy("Checking"),
    MenuItem(
        gettext_lazy("Management reviews"),
        "management_reviews:managementreview_list",
        "management_reviews.view_managementreview",
    ),
    weight=30,
)
