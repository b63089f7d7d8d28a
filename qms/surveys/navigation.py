"""Menu entries of surveys and the customer satisfaction index card of the "improvement"
dashboard page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qms.core.dashboard import Card, register_card
from qms.core.navigation import MenuItem, register_menu

from .selectors import satisfaction_index

register_menu(
    _("Customers"),  # the section of complaints too (the same label joins them)
    MenuItem(_("Satisfaction surveys"), "surveys:survey_list", "surveys.view_survey"),
    MenuItem(_("Survey results"), "surveys:results_over_time", "surveys.view_survey"),
    MenuItem(
        _("Survey invitations"), "surveys:surveyinvitation_list", "surveys.view_surveyinvitation"
    ),
    MenuItem(_("Survey responses"), "surveys:surveyresponse_list", "surveys.view_surveyresponse"),
    weight=45,
)


def _index(request: HttpRequest) -> dict[str, Any]:
    from .views.surveys import index_chart

    found = satisfaction_index(
        user=request.user,
        organization=request.organization,  # type: ignore[attr-defined]
    )
    return {"index": found, "chart": index_chart(found["trend"])}


register_card(
    Card(
        key="surveys.satisfaction_index",
        title=_("Customer satisfaction"),
        template="surveys/cards/satisfaction_index.html",
        context=_index,
        permission="surveys.view_survey",
        weight=41,
        page="improvement",
    )
)
