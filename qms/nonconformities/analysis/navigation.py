"""Menu entries of the analysis registers, under the app's "Improvement" group (imported
once, from `permissions.register()`, which the app's ready() calls)."""

from django.utils.translation import gettext_lazy as _

from qms.core.navigation import MenuItem, register_menu

register_menu(
    _("Improvement"),
    MenuItem(
        _("Root-cause analyses"),
        "nonconformities:rootcauseanalysis_list",
        "nonconformities.view_rootcauseanalysis",
    ),
    MenuItem(
        _("8D reports"), "nonconformities:eightdreport_list", "nonconformities.view_eightdreport"
    ),
    MenuItem(
        _("Dispositions"), "nonconformities:disposition_list", "nonconformities.view_disposition"
    ),
    weight=30,
)
