"""Granting: the account of a new person, the window rules, bad input (form and API),
changing the window as an audited change, permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qms.access_grants import services
from qms.accounts.models import Membership, User
from qms.core.audit import AuditEvent
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.tests.conftest import clause

pytestmark = pytest.mark.django_db


def test_grant_makes_an_account_without_membership_or_password(
    make_grant: Any, organization: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        grant = make_grant()
    user = User.objects.get(email="auditor@cb.example")
    assert grant.grantee == user
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert grant.number.startswith("AG-")
    (message,) = mail.outbox
    assert message.to == ["auditor@cb.example"]
    assert "/accounts/password/reset/" in message.body
    assert AuditEvent.objects.filter(
        event_type="access_grants.granted", subject_id=str(grant.pk)
    ).exists()


def test_existing_account_is_reused(make_grant: Any, auditor: Any) -> None:
    grant = make_grant(grantee_email=auditor.email.upper())
    assert grant.grantee == auditor


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grantee_email": "not-an-address"}, "grantee_email"),
        ({"record_types": ["documents", "spaceships"]}, "record_types"),
        ({"record_types": []}, "record_types"),
        ({"editions": []}, "editions"),
    ],
)
def test_bad_input_is_a_field_error(make_grant: Any, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_grant(**changes)
    assert field in error.value.message_dict


def test_window_rules(make_grant: Any, settings: Any) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        make_grant(starts_at=now, ends_at=now - dt.timedelta(days=1))
    assert "ends_at" in error.value.message_dict
    settings.ACCESS_GRANTS_MAX_DAYS = 10
    with pytest.raises(ValidationError) as error:
        make_grant(starts_at=now, ends_at=now + dt.timedelta(days=11))
    assert "at most 10 days" in error.value.message_dict["ends_at"][0]


def test_clause_of_an_edition_not_adopted_is_refused(make_grant: Any, library: None) -> None:
    with pytest.raises(ValidationError) as error:
        make_grant(clauses=[clause("urn:qms:iso:14001:2015", "9.2")])
    assert "clauses" in error.value.message_dict


def test_process_of_another_organization_is_refused(
    make_grant: Any, other_organization: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_grant(processes=[ProcessFactory(organization=other_organization)])
    assert "processes" in error.value.message_dict


def test_extending_the_window_is_an_audited_change(make_grant: Any, quality_manager: Any) -> None:
    grant = make_grant()
    new_end = grant.ends_at + dt.timedelta(days=10)
    services.grant_update(actor=quality_manager, instance=grant, data={"ends_at": new_end})
    grant.refresh_from_db()
    assert grant.ends_at == new_end
    event = AuditEvent.objects.filter(
        event_type="access_grants.changed", subject_id=str(grant.pk)
    ).get()
    assert "ends_at" in event.after


def test_grant_form_shows_errors_beside_fields(
    iso: Any, quality_manager: Any, client_for: Any
) -> None:
    now = timezone.localtime()
    response = client_for(quality_manager).post(
        reverse("access_grants:grant_add"),
        {
            "grantee_name": "A",
            "grantee_email": "a@cb.example",
            "firm": "CB",
            "grantee_role": "consultant",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "editions": [iso.pk],
            "record_types": ["documents"],
        },
    )
    assert response.status_code == 400
    assert "The access must end after it starts." in response.content.decode()


def test_grant_through_the_form(iso: Any, quality_manager: Any, client_for: Any) -> None:
    now = timezone.localtime()
    client = client_for(quality_manager)
    assert client.get(reverse("access_grants:grant_add")).status_code == 200
    response = client.post(
        reverse("access_grants:grant_add"),
        {
            "grantee_name": "A",
            "grantee_email": "a@cb.example",
            "firm": "CB",
            "grantee_role": "consultant",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "editions": [iso.pk],
            "record_types": ["documents"],
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "Access log" in detail.content.decode()


def test_roles(make_grant: Any, client_for: Any, auditor: Any, employee: Any, owner: Any) -> None:
    grant = make_grant()
    assert client_for(auditor).get(grant.get_absolute_url()).status_code == 200
    assert client_for(auditor).get(reverse("access_grants:grant_add")).status_code == 403
    assert client_for(employee).get(reverse("access_grants:grant_list")).status_code == 403
    response = client_for(auditor).post(
        reverse("access_grants:accessgrant_revoke", args=[grant.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    assert (
        client_for(owner)
        .get(reverse("access_grants:accessgrant_edit", args=[grant.pk]))
        .status_code
        == 200
    )


def test_change_page_extends_the_window(
    make_grant: Any, quality_manager: Any, client_for: Any
) -> None:
    grant = make_grant()
    client = client_for(quality_manager)
    url = reverse("access_grants:accessgrant_edit", args=[grant.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        "starts_at": timezone.localtime(grant.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(grant.ends_at + dt.timedelta(days=7)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "purpose": "Stage 2 too",
        "editions": [e.pk for e in form.initial["editions"]],
        "record_types": form.initial["record_types"],
        "version": grant.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.purpose == "Stage 2 too"
    too_long = {
        **data,
        "ends_at": (timezone.localtime() + dt.timedelta(days=400)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(url, {**too_long, "version": grant.version})
    assert response.status_code == 400 and "at most" in response.content.decode()


def test_revoked_grant_is_not_changed(
    make_grant: Any, quality_manager: Any, client_for: Any
) -> None:
    from qms.core.errors import Conflict

    grant = make_grant()
    services.grant_revoke(actor=quality_manager, instance=grant, reason="Done.")
    grant.refresh_from_db()
    with pytest.raises(Conflict):
        services.grant_update(actor=quality_manager, instance=grant, data={"purpose": "x"})
    page = client_for(quality_manager).get(
        reverse("access_grants:accessgrant_edit", args=[grant.pk])
    )
    assert page.status_code == 302 and page["Location"] == grant.get_absolute_url()


def test_revocation_is_recorded_and_the_person_told(
    make_grant: Any, quality_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    grant = make_grant()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_revoke(actor=quality_manager, instance=grant, reason="Stage 1 done.")
    grant.refresh_from_db()
    assert grant.status == "revoked" and grant.revoked_by == quality_manager
    assert grant.revoked_at is not None and grant.revoke_reason == "Stage 1 done."
    (message,) = mail.outbox
    assert message.to == [grant.grantee_email] and grant.number in message.body
    event = AuditEvent.objects.get(event_type="access_grants.revoked", subject_id=str(grant.pk))
    assert event.data["reason"] == "Stage 1 done."
    from qms.core.errors import TransitionRefused

    with pytest.raises(TransitionRefused, match="revoked"):
        services.grant_revoke(actor=quality_manager, instance=grant, reason="Again.")


def test_the_person_and_derived_fields_are_not_changed_on_a_grant(
    make_grant: Any, quality_manager: Any
) -> None:
    grant = make_grant()
    for data in ({"grantee_email": "other@cb.example"}, {"number": "AG-1999-001"}):
        with pytest.raises(ValidationError) as refused:
            services.grant_update(actor=quality_manager, instance=grant, data=data)
        assert set(refused.value.message_dict) == set(data)
    grant.refresh_from_db()
    assert grant.grantee_email == "auditor@cb.example" and grant.number != "AG-1999-001"


def test_a_process_of_another_organization_is_refused_on_change(
    make_grant: Any, quality_manager: Any, other_organization: Any
) -> None:
    grant = make_grant()
    with pytest.raises(ValidationError) as error:
        services.grant_update(
            actor=quality_manager,
            instance=grant,
            data={"processes": [ProcessFactory(organization=other_organization)]},
        )
    assert "processes" in error.value.message_dict
    assert not grant.processes.exists()
