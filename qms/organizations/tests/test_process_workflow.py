"""The process workflow through its page and its API action: draft → active (owner required,
signed "approved") → retired (reason required). A refusal names the unmet condition (409)
and changes nothing; another organization's process is 404; a role without the step 403."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent
from qms.core.signatures import Signature
from qms.organizations.choices import ProcessStatus
from qms.organizations.models import Process
from qms.organizations.services import process_update
from qms.organizations.tests.factories import ProcessFactory


def page_url(process: Process, name: str) -> str:
    return reverse("organizations:process_transition", args=[process.pk, name])


def api_url(process: Process, name: str) -> str:
    return reverse("api:organizations-process-transition", args=[process.pk, name])


def stored(process: Process) -> Process:
    return Process.objects.for_organization(process.organization_id).get(pk=process.pk)


def unchanged(process: Process) -> tuple[Any, ...]:
    """The state a refused step must leave as it found it."""
    row = stored(process)
    return (
        row.status,
        row.version,
        AuditEvent.objects.for_subject(process).count(),
        Signature.objects.for_organization(process.organization_id).count(),
    )


@pytest.fixture
def draft(organization: Any, process_owner: Any) -> Process:
    return ProcessFactory(organization=organization, owner=process_owner, name="Calibration")


@pytest.fixture
def active(organization: Any, process_owner: Any) -> Process:
    return ProcessFactory(
        organization=organization, owner=process_owner, status=ProcessStatus.ACTIVE
    )


# --- The detail page -----------------------------------------------------------------------


def test_the_detail_page_offers_the_steps_open_to_the_user(
    client_for: Any, quality_manager: Any, draft: Process
) -> None:
    # when the quality manager opens a draft process
    response = client_for(quality_manager).get(draft.get_absolute_url())
    # then its status and an Activate button leading to the step's form are shown
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="workflow-heading"' in html
    assert f'href="{page_url(draft, "activate")}"' in html
    assert page_url(draft, "retire") not in html


def test_a_step_blocked_by_a_guard_is_shown_disabled_with_the_reason(
    client_for: Any, quality_manager: Any, organization: Any
) -> None:
    orphan = ProcessFactory(organization=organization, owner=None)
    html = client_for(quality_manager).get(orphan.get_absolute_url()).content.decode()
    assert 'disabled aria-describedby="transition-activate-why"' in html
    assert "The process has no owner: choose an owner before activating it." in html
    assert f'href="{page_url(orphan, "activate")}"' not in html


def test_a_viewer_sees_the_status_but_no_step(client_for: Any, viewer: Any, draft: Process) -> None:
    html = client_for(viewer).get(draft.get_absolute_url()).content.decode()
    assert 'id="workflow-heading"' in html
    assert "transition/" not in html


def test_the_detail_page_lists_signatures_and_marks_a_broken_one(
    client_for: Any, quality_manager: Any, draft: Process
) -> None:
    # given an activated (signed) process
    client = client_for(quality_manager)
    client.post(page_url(draft, "activate"), {"password": PASSWORD, "version": draft.version})
    html = client.get(draft.get_absolute_url()).content.decode()
    # then the signature shows meaning, printed name and time, valid
    assert "Electronic signatures" in html
    assert "<strong>Approved</strong>" in html
    assert quality_manager.get_full_name() in html
    assert 'data-signature-status="valid"' in html
    # when the process is edited afterwards, the signature shows as broken
    process_update(actor=quality_manager, instance=stored(draft), data={"name": "Renamed"})
    html = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-signature-status="broken"' in html
    assert "Broken: the record changed after it was signed." in html


# --- The transition page -------------------------------------------------------------------


def test_the_activate_form_asks_for_the_password_and_shows_the_meaning(
    client_for: Any, quality_manager: Any, draft: Process
) -> None:
    response = client_for(quality_manager).get(page_url(draft, "activate"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "with the meaning <strong>Approved</strong>" in html
    assert f'name="version" value="{draft.version}"' in html
    assert 'name="reason"' not in html


def test_activating_through_the_page_signs_and_redirects_to_the_process(
    client_for: Any, quality_manager: Any, draft: Process
) -> None:
    # when
    response = client_for(quality_manager).post(
        page_url(draft, "activate"), {"password": PASSWORD, "version": draft.version}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert stored(draft).status == ProcessStatus.ACTIVE
    assert Signature.objects.for_organization(draft.organization_id).get().meaning == "approved"


def test_an_htmx_request_is_sent_to_the_process_with_hx_redirect(
    client_for: Any, quality_manager: Any, active: Process
) -> None:
    response = client_for(quality_manager).post(
        page_url(active, "retire"), {"reason": "Merged into P-02."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == active.get_absolute_url()
    assert stored(active).status == ProcessStatus.RETIRED


def test_a_wrong_password_on_the_page_is_a_409_beside_the_field_and_changes_nothing(
    client_for: Any, quality_manager: Any, draft: Process
) -> None:
    before = unchanged(draft)
    response = client_for(quality_manager).post(
        page_url(draft, "activate"), {"password": "wrong", "version": draft.version}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "The password is not correct: the signature was refused." in html
    assert 'id="id_password_error"' in html
    assert unchanged(draft) == before
    # the failed attempt itself is on record (about the signer)
    assert AuditEvent.objects.for_subject(quality_manager).filter(event_type="signature.failed")


def test_retiring_without_a_reason_is_refused_on_the_page(
    client_for: Any, quality_manager: Any, active: Process
) -> None:
    client = client_for(quality_manager)
    before = unchanged(active)
    # when the reason is empty
    response = client.post(page_url(active, "retire"), {"reason": ""})
    # then
    assert response.status_code == 409
    assert "A reason is required." in response.content.decode()
    assert unchanged(active) == before
    # when a reason is given
    response = client.post(page_url(active, "retire"), {"reason": "Merged into P-02."})
    assert response.status_code == 302
    event = AuditEvent.objects.for_subject(active).get(event_type="process.retired")
    assert event.data["reason"] == "Merged into P-02."
    # and the process page says who retired it, when and why
    html = client.get(active.get_absolute_url()).content.decode()
    assert "Process retired by quality@acme.test" in html
    assert "Reason: Merged into P-02." in html


def test_a_step_from_the_wrong_state_is_refused_on_the_page_naming_the_state(
    client_for: Any, quality_manager: Any, active: Process
) -> None:
    before = unchanged(active)
    response = client_for(quality_manager).post(
        page_url(active, "activate"), {"password": PASSWORD}
    )
    assert response.status_code == 409
    assert "Only a draft process can be activated; this one is active." in (
        response.content.decode()
    )
    assert unchanged(active) == before


def test_a_stale_version_on_the_page_is_a_409_and_the_form_takes_the_new_version(
    client_for: Any, quality_manager: Any, active: Process
) -> None:
    # given someone edited the process after the user opened the form at version 1
    process_update(actor=quality_manager, instance=active, data={"purpose": "New purpose"})
    before = unchanged(active)
    # when
    response = client_for(quality_manager).post(
        page_url(active, "retire"), {"reason": "Merged.", "version": 1}
    )
    # then
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else" in html
    assert f'name="version" value="{stored(active).version}"' in html
    assert unchanged(active) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organizations_process_is_not_found(
    method: str, client_for: Any, quality_manager: Any, other_organization: Any
) -> None:
    theirs = ProcessFactory(organization=other_organization, status=ProcessStatus.ACTIVE)
    before = unchanged(theirs)
    response = getattr(client_for(quality_manager), method)(
        page_url(theirs, "retire"), {"reason": "x"}
    )
    assert response.status_code == 404
    assert unchanged(theirs) == before


def test_an_undeclared_step_is_not_found(
    client_for: Any, quality_manager: Any, draft: Process
) -> None:
    response = client_for(quality_manager).get(page_url(draft, "archive"))
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_role_without_the_steps_permission_is_forbidden(
    method: str, client_for: Any, viewer: Any, active: Process
) -> None:
    before = unchanged(active)
    response = getattr(client_for(viewer), method)(page_url(active, "retire"), {"reason": "x"})
    assert response.status_code == 403
    assert unchanged(active) == before


def test_anonymous_visitors_are_sent_to_log_in(client_for: Any, draft: Process) -> None:
    response = client_for(None).post(page_url(draft, "activate"), {"password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert stored(draft).status == ProcessStatus.DRAFT


# --- The API action ------------------------------------------------------------------------


def test_activating_through_the_api_answers_the_process(
    api_client_for: Any, quality_manager: Any, draft: Process
) -> None:
    # when
    response = api_client_for(quality_manager).post(
        api_url(draft, "activate"),
        {"password": PASSWORD, "meaning": "approved", "version": draft.version},
        format="json",
    )
    # then the read representation with the new state and version comes back
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == draft.pk
    assert body["status"] == "active"
    assert response["ETag"] == f'"{draft.version + 1}"'
    assert "password" not in body


def test_a_refused_step_in_the_api_is_409_naming_the_condition(
    api_client_for: Any, quality_manager: Any, active: Process
) -> None:
    client = api_client_for(quality_manager)
    before = unchanged(active)
    # when the reason is missing
    response = client.post(api_url(active, "retire"), {}, format="json")
    # then
    assert response.status_code == 409
    assert response.json() == {
        "status": 409,
        "code": "transition_refused",
        "message": "A reason is required.",
        "errors": {"reason": ["A reason is required."]},
    }
    # when the step does not start from this state
    response = client.post(api_url(active, "activate"), {"password": PASSWORD}, format="json")
    assert response.status_code == 409
    assert response.json()["message"] == (
        "Only a draft process can be activated; this one is active."
    )
    assert unchanged(active) == before


def test_a_wrong_password_in_the_api_is_409_and_changes_nothing(
    api_client_for: Any, quality_manager: Any, draft: Process
) -> None:
    before = unchanged(draft)
    response = api_client_for(quality_manager).post(
        api_url(draft, "activate"), {"password": "wrong"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["errors"] == {
        "password": ["The password is not correct: the signature was refused."]
    }
    assert unchanged(draft) == before


def test_a_stale_version_in_the_api_is_409_stale(
    api_client_for: Any, quality_manager: Any, active: Process
) -> None:
    process_update(actor=quality_manager, instance=active, data={"purpose": "New purpose"})
    before = unchanged(active)
    response = api_client_for(quality_manager).post(
        api_url(active, "retire"), {"reason": "Merged."}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert unchanged(active) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "x", "colour": "red"}, "colour"),
        ({"reason": ["not", "text"]}, "reason"),
        ({"version": "two"}, "version"),
        ({"meaning": "liked"}, "meaning"),
    ],
)
def test_bad_input_in_the_api_is_400_beside_the_field(
    body: dict[str, Any], field: str, api_client_for: Any, quality_manager: Any, active: Process
) -> None:
    before = unchanged(active)
    response = api_client_for(quality_manager).post(api_url(active, "retire"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert unchanged(active) == before


def test_another_organizations_process_is_not_found_in_the_api(
    api_client_for: Any, quality_manager: Any, other_organization: Any
) -> None:
    theirs = ProcessFactory(organization=other_organization, status=ProcessStatus.ACTIVE)
    before = unchanged(theirs)
    response = api_client_for(quality_manager).post(
        api_url(theirs, "retire"), {"reason": "x"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert unchanged(theirs) == before


def test_an_undeclared_step_is_not_found_in_the_api(
    api_client_for: Any, quality_manager: Any, active: Process
) -> None:
    response = api_client_for(quality_manager).post(api_url(active, "archive"), {}, format="json")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_a_role_without_the_steps_permission_is_forbidden_in_the_api(
    api_client_for: Any, viewer: Any, active: Process
) -> None:
    before = unchanged(active)
    response = api_client_for(viewer).post(
        api_url(active, "retire"), {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert unchanged(active) == before


def test_the_schema_lists_the_declared_steps(db: Any) -> None:
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    operation = schema.json()["paths"]["/api/v1/organizations/processes/{id}/transitions/{name}/"]
    post = operation["post"]
    [name] = [p for p in post["parameters"] if p["name"] == "name"]
    assert name["schema"]["enum"] == ["activate", "retire"]
    assert {"200", "400", "403", "404", "409"} <= set(post["responses"])
    assert "`retire`: `active` → `retired`" in post["description"]


def test_the_workflow_panel_costs_no_query_per_signature(
    client_for: Any,
    quality_manager: Any,
    draft: Process,
    django_assert_max_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qms.core.signatures import signature_sign

    # given a signed process, its page measured once warm
    client = client_for(quality_manager)
    client.post(page_url(draft, "activate"), {"password": PASSWORD})
    client.get(draft.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        client.get(draft.get_absolute_url())
    # when nine more signatures exist
    process = stored(draft)
    for _ in range(9):
        signature_sign(signer=quality_manager, obj=process, meaning="reviewed", password=PASSWORD)
    # then the page costs the same and lists all ten
    with django_assert_max_num_queries(len(captured)):
        response = client.get(draft.get_absolute_url())
    assert response.content.decode().count('data-signature-status="valid"') == 10
