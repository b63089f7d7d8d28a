"""Menu entries of internal audits (group "Checking"), all registered here in one call so
their order does not depend on which module apps.ready() imports first: Internal audits,
Audit programme, Audit findings (the KPI page is reached from the audit list and the home
card, not the menu). Also the home card "Internal audits this month / overdue"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

from .selectors import home_counts

register_menu(
    gettext_lazy("Checking"),
    MenuItem(
        gettext_lazy("Internal audits"),
        "internal_audits:audit_list",
        "internal_audits.view_audit",
    ),
    MenuItem(
        gettext_lazy("Audit programme"),
        "internal_audits:auditprogramme_list",
        "internal_audits.view_auditprogramme",
    ),
    MenuItem(
        gettext_lazy("Audit findings"),
        "internal_audits:finding_list",
        "internal_audits.view_finding",
    ),
    weight=30,
)


def _home(request: HttpRequest) -> dict[str, Any]:
    return home_counts(
        user=request.user,
        organization=request.organization,  # type: ignore[attr-defined]
        today=timezone.localdate(),
    )


register_card(
    Card(
        key="internal_audits.home",
        title=gettext_lazy("Internal audits"),
        template="internal_audits/cards/home.html",
        context=_home,
        permission="internal_audits.view_audit",
        weight=30,
    )
)
