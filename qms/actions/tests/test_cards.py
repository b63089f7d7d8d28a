"""The dashboard cards: "My actions" on the home dashboard, "Overdue actions" (by owner,
as a chart) on the improvement page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string

from qms.accounts.models import Membership
from qms.actions.models import Action
from qms.core.dashboard import cards_for


def test_home_shows_my_open_and_overdue_counts_and_the_next_ones(
    client_for: Any, employee: Any, quality_manager: Any, make_action: Callable[..., Action]
) -> None:
    late = make_action(owner=employee, days=-1, title="Late one")
    make_action(owner=employee, days=5, title="Soon one")
    make_action(owner=quality_manager, days=-9, title="Not mine")

    response = client_for(employee).get("/")

    card = next(c for c in response.context["cards"] if c["card"].key == "actions.mine")
    assert card["summary"].open == 2
    assert card["summary"].overdue == 1
    assert card["summary"].upcoming[0] == late
    body = response.content.decode()
    assert "Late one" in body and "Not mine" not in body


def test_the_improvement_card_charts_overdue_actions_by_owner(
    rf: Any,
    organization: Any,
    employee: Any,
    quality_manager: Any,
    make_action: Callable[..., Action],
) -> None:
    make_action(owner=employee, days=-1)
    make_action(owner=employee, days=-2)
    make_action(owner=quality_manager, days=-3)
    make_action(owner=quality_manager, days=3)
    request = rf.get("/dashboard/improvement/")
    request.user = quality_manager
    request.organization = organization
    request.membership = Membership.objects.for_organization(organization).get(user=quality_manager)

    card = next(c for c in cards_for(request, "improvement") if c["card"].key == "actions.overdue")
    html = render_to_string(card["template"], {"data": card})

    assert card["rows"] == [(employee.get_full_name(), 2), (quality_manager.get_full_name(), 1)]
    assert "<svg" in html
    assert employee.get_full_name() in html
