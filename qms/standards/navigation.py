"""Menu entries of the standards library."""

from django.utils.translation import gettext_lazy as _

from qms.core.navigation import MenuItem, register_menu

register_menu(
    _("Standards"),
    MenuItem(
        _("Our standards"),
        "standards:organizationstandard_list",
        "standards.view_organizationstandard",
    ),
    MenuItem(
        _("Clause evidence"), "standards:clauseevidence_list", "standards.view_clauseevidence"
    ),
    MenuItem(
        _("Not applicable clauses"),
        "standards:clauseapplicability_list",
        "standards.view_clauseapplicability",
    ),
    MenuItem(_("Standards library"), "standards:library", "standards.view_standard"),
    weight=20,
)
