"""Electronic signatures: password re-entered, meaning, signer, time and content hash; broken
when the signed content changes; failed attempts logged (and kept when the step is refused)
and throttled."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AppendOnlyError, AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.signatures import (
    Signature,
    SignatureStatus,
    content_hash,
    signature_failures_recent,
    signature_sign,
    signature_status,
    signature_verify_password,
    signatures_of,
)
from qms.core.workflow import model_transition
from qms.organizations.choices import ProcessStatus
from qms.organizations.models import Process
from qms.organizations.services import process_update
from qms.organizations.tests.factories import ProcessFactory


@pytest.fixture
def draft(organization: Any, process_owner: Any) -> Process:
    return ProcessFactory(organization=organization, owner=process_owner, name="Calibration")


def _activate(process: Process, actor: Any, password: str = PASSWORD) -> Process:
    return model_transition(actor=actor, instance=process, transition="activate", password=password)


def _failures(user: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.for_subject(user).filter(event_type="signature.failed").order_by("id")
    )


def test_a_signature_stores_the_printed_name_meaning_time_and_record(
    draft: Process, quality_manager: Any
) -> None:
    # given the signer's printed name
    quality_manager.full_name = "Quentin Quayle"
    quality_manager.save(update_fields=["full_name"])
    # when they activate (and so sign) the process
    process = _activate(draft, quality_manager)
    # then the signature shows who, what, when and meaning what
    signature = Signature.objects.for_organization(process.organization_id).get()
    assert signature.signer_name == "Quentin Quayle"
    assert signature.signer_email == "quality@acme.test"
    assert signature.get_meaning_display() == "Approved"
    assert signature.signed_at is not None
    assert (signature.subject_type, signature.subject_id) == (
        "organizations.process",
        str(draft.pk),
    )
    assert signature.subject_label == str(draft)
    assert len(signature.content_hash) == 64
    assert "Approved by Quentin Quayle on " in str(signature)


def test_a_signature_stays_valid_through_workflow_steps_and_breaks_when_the_content_changes(
    draft: Process, quality_manager: Any
) -> None:
    # given a signed, active process
    process = _activate(draft, quality_manager)
    signature = Signature.objects.for_organization(process.organization_id).get()
    assert signature_status(signature, process) == SignatureStatus.VALID
    # when it is retired (state and version change, not the signed content)
    process = model_transition(
        actor=quality_manager, instance=process, transition="retire", reason="Merged."
    )
    # then the signature is still valid
    assert signature_status(signature, process) == SignatureStatus.VALID
    # when its purpose is edited afterwards
    process = process_update(
        actor=quality_manager, instance=process, data={"purpose": "Something else now"}
    )
    # then the signature shows as broken, on the page's list too
    assert signature_status(signature, process) == "broken"
    assert signatures_of(subject=process) == [(signature, SignatureStatus.BROKEN)]


def test_a_signature_is_not_valid_for_another_record_with_the_same_content(
    organization: Any, draft: Process, quality_manager: Any
) -> None:
    process = _activate(draft, quality_manager)
    signature = Signature.objects.for_organization(organization).get()
    other = ProcessFactory(organization=organization, owner=draft.owner, name="Calibration 2")
    assert content_hash(other) != signature.content_hash
    assert signature_status(signature, other) == SignatureStatus.BROKEN
    assert signature_status(signature, process) == SignatureStatus.VALID


def test_a_wrong_password_refuses_the_step_and_the_failure_is_kept(
    draft: Process, quality_manager: Any
) -> None:
    # when the signer mistypes their password
    with pytest.raises(TransitionRefused) as refused:
        _activate(draft, quality_manager, password="not my password")
    # then the step is refused with the reason beside the password
    assert refused.value.message == "The password is not correct: the signature was refused."
    assert list(refused.value.errors) == ["password"]
    # and the process is unchanged and unsigned
    stored = Process.objects.for_organization(draft.organization_id).get(pk=draft.pk)
    assert (stored.status, stored.version) == (ProcessStatus.DRAFT, draft.version)
    assert not Signature.objects.for_organization(draft.organization_id).exists()
    assert not AuditEvent.objects.for_subject(draft).filter(event_type="process.activated")
    # but the failed attempt is in the audit trail, about the signer, in the organization
    [failure] = _failures(quality_manager)
    assert failure.organization_id == draft.organization_id
    assert failure.actor == quality_manager
    assert failure.data["record_type"] == "organizations.process"
    assert failure.data["record_id"] == str(draft.pk)
    assert failure.data["transition"] == "activate"


def test_signing_is_locked_after_repeated_failures(
    settings: Any, draft: Process, quality_manager: Any
) -> None:
    # given the limit of three failures within the window, reached
    settings.SIGNATURE_MAX_FAILURES = 3
    for _attempt in range(3):
        with pytest.raises(TransitionRefused, match="not correct"):
            _activate(draft, quality_manager, password="guess")
    assert signature_failures_recent(signer=quality_manager) == 3
    # when the right password is given now
    with pytest.raises(TransitionRefused) as refused:
        _activate(draft, quality_manager)
    # then signing is refused with a clear message and a signature.locked event
    assert refused.value.message.startswith("Too many failed signature attempts")
    assert "15 minutes" in refused.value.message
    locked = AuditEvent.objects.for_subject(quality_manager).filter(event_type="signature.locked")
    assert locked.count() == 1
    stored = Process.objects.for_organization(draft.organization_id).get(pk=draft.pk)
    assert stored.status == ProcessStatus.DRAFT
    # and the lockout counts no new failure
    assert len(_failures(quality_manager)) == 3


def test_five_failures_lock_signing_by_default(draft: Process, quality_manager: Any) -> None:
    for _attempt in range(5):
        with pytest.raises(TransitionRefused, match="not correct"):
            _activate(draft, quality_manager, password="guess")
    with pytest.raises(TransitionRefused, match="Too many failed signature attempts"):
        _activate(draft, quality_manager)


def test_a_successful_signature_starts_the_failure_count_again(
    settings: Any, organization: Any, draft: Process, quality_manager: Any, process_owner: Any
) -> None:
    # given two failures, then a good signature
    settings.SIGNATURE_MAX_FAILURES = 3
    for _attempt in range(2):
        with pytest.raises(TransitionRefused):
            _activate(draft, quality_manager, password="guess")
    _activate(draft, quality_manager)
    # when the signer mistypes once more on another record
    other = ProcessFactory(organization=organization, owner=process_owner)
    with pytest.raises(TransitionRefused, match="not correct"):
        _activate(other, quality_manager, password="guess")
    # then only that one counts, and the next good signature goes through
    assert signature_failures_recent(signer=quality_manager) == 1
    assert _activate(other, quality_manager).status == ProcessStatus.ACTIVE


def test_failures_of_one_signer_do_not_lock_another(
    settings: Any, organization: Any, draft: Process, quality_manager: Any, owner: Any
) -> None:
    settings.SIGNATURE_MAX_FAILURES = 2
    for _attempt in range(2):
        with pytest.raises(TransitionRefused):
            _activate(draft, quality_manager, password="guess")
    assert _activate(draft, owner).status == ProcessStatus.ACTIVE


def test_a_record_can_be_signed_outside_a_workflow_step(
    draft: Process, quality_manager: Any
) -> None:
    # when the quality manager signs the process as reviewed
    signature = signature_sign(
        signer=quality_manager, obj=draft, meaning="reviewed", password=PASSWORD, reason="OK"
    )
    # then the signature and its event are stored together
    assert signature.meaning == "reviewed"
    event = AuditEvent.objects.for_subject(draft).get(event_type="signature.signed")
    assert event.data["signature"] == signature.pk
    assert event.data["signature_hash"] == signature.content_hash
    # and a wrong password signs nothing
    with pytest.raises(TransitionRefused):
        signature_sign(signer=quality_manager, obj=draft, meaning="reviewed", password="x")
    assert Signature.objects.for_organization(draft.organization_id).count() == 1


def test_signatures_are_append_only(draft: Process, quality_manager: Any) -> None:
    _activate(draft, quality_manager)
    signature = Signature.objects.for_organization(draft.organization_id).get()
    signature.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        signature.save()
    with pytest.raises(AppendOnlyError):
        signature.delete()
    with pytest.raises(AppendOnlyError):
        Signature.objects.for_organization(draft.organization_id).update(meaning="reviewed")
    with pytest.raises(AppendOnlyError):
        Signature.objects.for_organization(draft.organization_id).delete()


# --- The register of signatures (pages and API) -----------------------------------------------


def _count_queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _sign_some(organization: Any, owner: Any, signer: Any, count: int) -> None:
    for _ in range(count):
        process = ProcessFactory(organization=organization, owner=owner)
        _activate(process, signer)


def test_the_signature_pages_show_name_meaning_time_and_status(
    client_for: Any, draft: Process, quality_manager: Any, viewer: Any
) -> None:
    # given a signed process, later edited
    process = _activate(draft, quality_manager)
    signature = Signature.objects.for_organization(draft.organization_id).get()
    client = client_for(viewer)
    # when a viewer opens the register and the signature
    listing = client.get(reverse("core:signature_list"))
    page = client.get(signature.get_absolute_url())
    # then both show it with printed name and meaning; the page says it is valid
    assert listing.status_code == 200
    assert signature.get_absolute_url() in listing.content.decode()
    html = page.content.decode()
    assert quality_manager.get_full_name() in html
    assert "Approved" in html
    assert "Valid" in html
    # and after an edit of the process, broken
    process_update(actor=quality_manager, instance=process, data={"code": "X-1"})
    assert (
        "Broken: the record changed after signing"
        in client.get(signature.get_absolute_url()).content.decode()
    )


def test_the_signature_register_costs_no_query_per_row(
    client_for: Any,
    api_client_for: Any,
    organization: Any,
    process_owner: Any,
    quality_manager: Any,
    django_assert_max_num_queries: Any,
) -> None:
    # given three signatures, measured once warm
    _sign_some(organization, process_owner, quality_manager, 3)
    page, api = client_for(quality_manager), api_client_for(quality_manager)
    urls = [(page, reverse("core:signature_list")), (api, reverse("api:core-signature-list"))]
    budgets = []
    for client, url in urls:
        client.get(url)
        budgets.append(_count_queries(client, url))
    # when thirty exist
    _sign_some(organization, process_owner, quality_manager, 27)
    # then each list costs the same
    for (client, url), budget in zip(urls, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200
    assert len(api.get(urls[1][1]).json()["results"]) == 30


def test_the_api_lists_signatures_read_only(
    api_client_for: Any, draft: Process, quality_manager: Any
) -> None:
    _activate(draft, quality_manager)
    client = api_client_for(quality_manager)
    url = reverse("api:core-signature-list")
    [row] = client.get(url).json()["results"]
    assert row["meaning"] == "approved"
    assert row["signer_name"] == quality_manager.get_full_name()
    assert row["subject_id"] == str(draft.pk)
    assert client.post(url, {"meaning": "approved"}, format="json").status_code == 405


def test_a_signature_read_through_the_api_says_whether_it_is_still_valid(
    api_client_for: Any, draft: Process, quality_manager: Any
) -> None:
    # given a signed, activated process
    process = _activate(draft, quality_manager)
    client = api_client_for(quality_manager)
    [row] = client.get(reverse("api:core-signature-list")).json()["results"]
    url = reverse("api:core-signature-detail", args=[row["id"]])
    assert client.get(url).json()["status"] == "valid"

    # when the signed content changes
    process_update(actor=quality_manager, instance=process, data={"purpose": "Changed later"})

    # then the signature reads as broken
    assert client.get(url).json()["status"] == "broken"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_cannot_overrun_the_signing_limit(settings: Any) -> None:
    # given a signer allowed 3 wrong passwords, and a draft process
    from qms.accounts.tests.factories import MembershipFactory
    from qms.organizations.tests.factories import OrganizationFactory

    settings.SIGNATURE_MAX_FAILURES = 3
    organization = OrganizationFactory()
    signer = MembershipFactory(organization=organization, role="quality_manager").user
    process = ProcessFactory(organization=organization, owner=signer)
    attempts = 6
    barrier = threading.Barrier(attempts, timeout=60)
    outcomes: list[str] = []

    def sign_wrongly() -> None:
        try:
            barrier.wait()
            signature_verify_password(signer=signer, password="wrong", obj=process)
            outcomes.append("accepted")
        except TransitionRefused:
            outcomes.append("refused")
        except BaseException as error:  # reported to the test
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    # when six wrong attempts arrive at the same moment
    threads = [threading.Thread(target=sign_wrongly) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every one is refused, exactly three count as failures, the rest meet the lock
    assert outcomes == ["refused"] * attempts
    events = AuditEvent.objects.filter(subject_type="accounts.user", subject_id=str(signer.pk))
    assert events.filter(event_type="signature.failed").count() == 3
    assert events.filter(event_type="signature.locked").count() == attempts - 3
