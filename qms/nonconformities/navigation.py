"""Menu entries of nonconformities (dashboards live in dashboards.py)."""

from django.utils.translation import gettext_lazy as _

from qms.core.navigation import MenuItem, register_menu

from . import dashboards  # noqa: F401  (the improvement dashboard page and its cards)

register_menu(
    _("Improvement"),
    MenuItem(
        _("Nonconformities"),
        "nonconformities:nonconformity_list",
        "nonconformities.view_nonconformity",
    ),
    MenuItem(
        _("Report a nonconformity"),
        "nonconformities:nonconformity_add",
        "nonconformities.add_nonconformity",
    ),
    MenuItem(
        _("Effectiveness checks"),
        "nonconformities:effectivenesscheck_list",
        "nonconformities.view_effectivenesscheck",
    ),
    weight=30,
)
