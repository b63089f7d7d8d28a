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
    MenuItem(_("IAF codes"), "standards:iaf_codes", "standards.view_iafcode"),
    MenuItem(
        _("Audit-time tables"), "standards:audit_time_tables", "standards.view_audittimetable"
    ),
    weight=20,
)
