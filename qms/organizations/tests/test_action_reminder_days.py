"""The organization's own number of days before an action's due date its owner is reminded."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qms.core.audit import AuditEvent
from qms.organizations import services
from qms.organizations.models import Organization

PROFILE = "/organization/"
CURRENT = "/api/v1/organizations/current/"
BASE = {"name": "Acme Gauges Ltd", "country": "GB"}


def test_the_owner_sets_the_reminder_days_on_the_profile_and_the_change_is_audited(
    client_for: Any, owner: Any, organization: Organization
) -> None:
    # when the owner asks for reminders 5 days ahead
    response = client_for(owner).post(PROFILE, {**BASE, "action_reminder_days": "5"})

    # then it is stored and one event records before and after
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.action_reminder_days == 5
    event = AuditEvent.objects.get(event_type="organization.updated")
    assert event.before == {"action_reminder_days": None}
    assert event.after == {"action_reminder_days": 5}


@pytest.mark.parametrize("value", ["61", "-1", "three", "1.5"])
def test_reminder_days_outside_0_to_60_show_an_error_beside_the_field(
    client_for: Any, owner: Any, organization: Organization, value: str
) -> None:
    events = AuditEvent.objects.count()

    response = client_for(owner).post(PROFILE, {**BASE, "action_reminder_days": value})

    assert response.status_code == 400
    assert "action_reminder_days" in response.context["form"].errors
    organization.refresh_from_db()
    assert organization.action_reminder_days is None
    assert AuditEvent.objects.count() == events


def test_an_empty_value_means_the_installation_default(
    client_for: Any, owner: Any, organization: Organization, viewer: Any
) -> None:
    # given an organization with its own value
    services.organization_update(
        actor=owner, instance=organization, data={"action_reminder_days": 7}
    )

    # when the owner empties the field
    response = client_for(owner).post(PROFILE, {**BASE, "action_reminder_days": ""})

    # then the organization falls back to the default, which a viewer sees in words
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.action_reminder_days is None
    page = client_for(viewer).get(PROFILE)
    assert b"The default (3 days before the due date)" in page.content


def test_the_api_sets_the_reminder_days_and_refuses_an_out_of_range_value(
    api_client_for: Any, owner: Any, organization: Organization
) -> None:
    client = api_client_for(owner)

    refused = client.patch(CURRENT, {"action_reminder_days": 99}, format="json")
    accepted = client.patch(CURRENT, {"action_reminder_days": 0}, format="json")

    assert refused.status_code == 400
    assert "action_reminder_days" in refused.json()["errors"]
    assert accepted.status_code == 200
    assert accepted.json()["action_reminder_days"] == 0
    organization.refresh_from_db()
    assert organization.action_reminder_days == 0


def test_the_service_refuses_an_out_of_range_value(owner: Any, organization: Organization) -> None:
    with pytest.raises(ValidationError) as error:
        services.organization_update(
            actor=owner, instance=organization, data={"action_reminder_days": 61}
        )
    assert "action_reminder_days" in error.value.message_dict
