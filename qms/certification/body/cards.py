"""The home card "Qualifications expiring" for the certification body's roles (registered
once, when setup.register() imports this module)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.core.dashboard import Card, register_card


def _expiring(request: HttpRequest) -> dict[str, Any]:
    from . import selectors

    # The card's template reads these as `data.<key>` (core/dashboard_cards.html).
    return selectors.expiring_counts(
        organization=request.organization,  # type: ignore[attr-defined]
        today=timezone.localdate(),
        within_days=selectors.qualification_reminder_days(),
    )


QUALIFICATIONS_CARD = register_card(
    Card(
        key="certification.qualifications_expiring",
        title=gettext_lazy("Qualifications expiring"),
        template="certification/body/cards/qualifications.html",
        context=_expiring,
        permission="certification.view_auditorqualification",
        weight=40,
    )
)
