"""A closed (or verified) nonconformity takes no new action: the one action tracker asks the
NC's origin rule, refuses in its service and shows the reason instead of "Add action"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.actions.models import Action
from qms.actions.services import action_create
from qms.nonconformities import rules
from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "refused"),
    [
        ("reported", False),
        ("contained", False),
        ("analysed", False),
        ("planned", False),
        ("implemented", False),
        ("verified", True),
        ("closed", True),
    ],
)
def test_the_rule_refuses_new_actions_only_once_effectiveness_is_verified(
    status: str, refused: bool
) -> None:
    assert (rules.takes_no_actions(status=status) is not None) is refused


def test_the_action_service_refuses_an_action_for_a_closed_nc(
    organization: Any, quality_manager: Any
) -> None:
    # given a closed nonconformity
    nc = NonconformityFactory(organization=organization, status="closed")

    # when an action is added to it
    with pytest.raises(ValidationError) as refused:
        action_create(
            actor=quality_manager,
            organization=organization,
            data={"title": "Late fix", "owner": quality_manager, "due_date": dt.date(2026, 12, 1)},
            origin=nc,
            kind="corrective",
        )

    # then it is refused beside the origin, in words, and nothing is written
    assert "reopen it" in refused.value.message_dict["origin"][0]
    assert not Action.objects.filter(origin_id=nc.pk).exists()


def test_the_nc_page_shows_the_reason_instead_of_add_action_and_a_post_adds_nothing(
    client_for: Any, organization: Any, quality_manager: Any
) -> None:
    # given a closed nonconformity
    nc = NonconformityFactory(organization=organization, status="closed")
    client = client_for(quality_manager)

    # when its page is shown
    page = client.get(nc.get_absolute_url())

    # then the panels say why, and offer no "Add action"
    assert page.status_code == 200
    assert b"This nonconformity is closed: reopen it" in page.content
    assert b">Add action<" not in page.content

    # and a crafted post to the add form adds nothing and says why
    url = reverse("actions:action_add_to", args=["nonconformities.nonconformity", nc.pk])
    answer = client.post(url, {"kind": "corrective"}, follow=True)
    assert answer.status_code == 200
    assert b"This nonconformity is closed: reopen it" in answer.content
    assert not Action.objects.filter(origin_id=nc.pk).exists()


def test_an_open_nc_still_takes_actions(organization: Any, quality_manager: Any) -> None:
    nc = NonconformityFactory(organization=organization, status="planned")
    action = action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Fix", "owner": quality_manager, "due_date": dt.date(2026, 12, 1)},
        origin=nc,
        kind="corrective",
    )
    assert action.origin_id == nc.pk


def test_an_htmx_add_request_on_a_closed_nc_swaps_in_the_reason_only(
    client_for: Any, organization: Any, quality_manager: Any
) -> None:
    # given an NC closed after its page was loaded
    nc = NonconformityFactory(organization=organization, status="closed")
    url = reverse("actions:action_add_to", args=["nonconformities.nonconformity", nc.pk])

    # when the page's "Add action" link asks for the form through htmx
    answer = client_for(quality_manager).get(
        url, {"kind": "corrective", "cycle": "1"}, HTTP_HX_REQUEST="true"
    )

    # then the link's slot is replaced by the reason alone (not a panel inside the panel)
    assert answer.status_code == 200
    body = answer.content.decode()
    assert body.count("<p") == 1
    assert 'id="actions-nonconformities-nonconformity-' in body
    assert "-corrective-add" in body
    assert "This nonconformity is closed: reopen it" in body
