"""Menu entries of external access (organization settings group)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.core.dashboard import Card, register_card
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


def _requests(request: HttpRequest) -> dict[str, Any]:
    from .selectors import request_counts

    return {
        "counts": request_counts(
            organization=request.organization,  # type: ignore[attr-defined]
            today=timezone.localdate(),
            now=timezone.now(),
        )
    }


register_card(
    Card(
        key="access_grants.requests",
        title=gettext_lazy("External auditors"),
        template="access_grants/cards/requests.html",
        context=_requests,
        permission="access_grants.view_evidencerequest",
        weight=35,
    )
)
