"""Menu entries of internal audits (group "Checking")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from qms.core.navigation import MenuItem, register_menu

register_menu(
    gettext_lazy("Checking"),
    MenuItem(
        gettext_lazy("Internal audits"),
        "internal_audits:audit_list",
        "internal_audits.view_audit",
    ),
    MenuItem(
        gettext_lazy("Audit programme"),
        "internal_audits:programme_list",
        "internal_audits.view_auditprogramme",
    ),
    weight=30,
)
