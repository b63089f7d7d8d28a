"""Evidence requests: asked in the portal, tracked as an action, answered with text and
files, seen by the person, closed or re-opened (a new round, a new action)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qms.access_grants import services
from qms.access_grants.models import EvidenceRequest
from qms.actions.selectors import actions_of
from qms.core.attachments.services import attachment_add
from qms.core.audit import AuditEvent

pytestmark = pytest.mark.django_db


def _ask(client: Any, grant: Any, text: str = "Show me the calibration records for line 2.") -> Any:
    return client.post(reverse("external:request_list", args=[grant.pk]), {"text": text})


def test_request_flow(make_grant: Any, quality_manager: Any, client_for: Any) -> None:
    grant = make_grant()
    external = client_for(grant.grantee)
    response = _ask(external, grant)
    assert response.status_code == 302
    request = EvidenceRequest.objects.get(grant=grant)
    assert request.status == "open" and request.owner == quality_manager
    assert request.number.startswith("ER-")
    (action,) = actions_of(origin=request)
    assert action.owner == quality_manager and action.status == "open"
    assert action.due_date == request.due_date

    # The organization sees it in its list and answers with a file.
    manager = client_for(quality_manager)
    listing = manager.get(reverse("access_grants:evidencerequest_list"))
    assert request.number in listing.content.decode()
    upload = SimpleUploadedFile(
        "calibration.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    attachment = attachment_add(actor=quality_manager, subject=request, upload=upload)
    response = manager.post(request.get_absolute_url(), {"answer": "The records are attached."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_by == quality_manager
    (action,) = actions_of(origin=request)
    assert action.status == "done"

    # The person sees the answer and downloads the file through the portal only.
    page = external.get(reverse("external:request_detail", args=[grant.pk, request.pk]))
    assert "The records are attached." in page.content.decode()
    file_url = reverse("external:request_file", args=[grant.pk, request.pk, attachment.pk])
    assert external.get(file_url).status_code == 200
    assert external.get(reverse("core:attachment_download", args=[attachment.pk])).status_code in (
        403,
        404,
    )

    # Not enough: re-opened (a reason), a new round and a new action.
    response = external.post(
        reverse("external:request_detail", args=[grant.pk, request.pk]),
        {"step": "reopen", "reason": "Line 2 is missing."},
    )
    request.refresh_from_db()
    assert request.status == "open" and request.round == 2
    assert [a.status for a in actions_of(origin=request)].count("open") == 1
    services.request_answer(actor=quality_manager, instance=request, answer="Line 2 added.")
    external.post(
        reverse("external:request_detail", args=[grant.pk, request.pk]), {"step": "close"}
    )
    request.refresh_from_db()
    assert request.status == "closed"
    kinds = set(
        AuditEvent.objects.filter(
            subject_id=str(request.pk), subject_type="access_grants.evidencerequest"
        ).values_list("event_type", flat=True)
    )
    assert {
        "access_grants.request_created",
        "access_grants.request_answered",
        "access_grants.request_reopened",
        "access_grants.request_closed",
    } <= kinds


def test_files_of_an_open_request_are_not_shown(
    make_grant: Any, quality_manager: Any, client_for: Any
) -> None:
    grant = make_grant()
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "Minutes?"})
    upload = SimpleUploadedFile("draft.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = attachment_add(actor=quality_manager, subject=request, upload=upload)
    url = reverse("external:request_file", args=[grant.pk, request.pk, attachment.pk])
    assert client_for(grant.grantee).get(url).status_code == 404


def test_request_bad_input(make_grant: Any, client_for: Any) -> None:
    grant = make_grant()
    response = _ask(client_for(grant.grantee), grant, text="")
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client_for(grant.grantee).post(
        reverse("external:request_list", args=[grant.pk]), {"text": "x", "due_date": yesterday}
    )
    assert response.status_code == 400
    assert "Choose today or a later date." in response.content.decode()


def test_reopen_needs_a_reason(make_grant: Any, quality_manager: Any, client_for: Any) -> None:
    grant = make_grant()
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "Minutes?"})
    services.request_answer(actor=quality_manager, instance=request, answer="Attached.")
    response = client_for(grant.grantee).post(
        reverse("external:request_detail", args=[grant.pk, request.pk]), {"step": "reopen"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "answered"


def test_answer_links_must_be_in_scope(
    make_grant: Any, quality_manager: Any, organization: Any, other_organization: Any
) -> None:
    from django.core.exceptions import ValidationError

    from qms.nonconformities.tests.factories import NonconformityFactory

    grant = make_grant(record_types=["nonconformities"])
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "NCs?"})
    foreign = NonconformityFactory(organization=other_organization)
    with pytest.raises(ValidationError):
        services.request_answer(
            actor=quality_manager,
            instance=request,
            answer="See",
            links=[["nonconformities", foreign.pk]],
        )
    with pytest.raises(ValidationError):
        services.request_answer(
            actor=quality_manager, instance=request, answer="See", links=[["risks", 1]]
        )
    own = NonconformityFactory(organization=organization)
    answered = services.request_answer(
        actor=quality_manager, instance=request, answer="See", links=[["nonconformities", own.pk]]
    )
    assert answered.linked_records == [["nonconformities", own.pk]]


def test_revoked_grant_takes_no_request(make_grant: Any, quality_manager: Any) -> None:
    from qms.core.errors import Conflict

    grant = make_grant()
    services.grant_revoke(actor=quality_manager, instance=grant, reason="Done.")
    grant.refresh_from_db()
    with pytest.raises(Conflict):
        services.request_create(actor=grant.grantee, grant=grant, data={"text": "More?"})


def test_overdue_is_highlighted(make_grant: Any, quality_manager: Any, client_for: Any) -> None:
    grant = make_grant()
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "Minutes?"})
    EvidenceRequest.objects.filter(pk=request.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    page = client_for(quality_manager).get(
        reverse("access_grants:evidencerequest_list") + "?overdue=1"
    )
    assert request.number in page.content.decode()
    assert "Overdue" in page.content.decode()


def test_the_person_is_told_of_the_answer(
    make_grant: Any, quality_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    grant = make_grant()
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "Minutes?"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(actor=quality_manager, instance=request, answer="Attached.")
    (message,) = mail.outbox
    assert message.to == [grant.grantee_email]
    assert reverse("external:request_detail", args=[grant.pk, request.pk]) in message.body
    assert "Attached." not in message.body  # the answer is read in the portal only


def test_home_card(make_grant: Any, quality_manager: Any, client_for: Any) -> None:
    grant = make_grant()
    request = services.request_create(actor=grant.grantee, grant=grant, data={"text": "Minutes?"})
    EvidenceRequest.objects.filter(pk=request.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    from qms.access_grants.selectors import request_counts

    counts = request_counts(
        organization=grant.organization, today=timezone.localdate(), now=timezone.now()
    )
    assert counts == {"open": 1, "overdue": 1, "grants": 1}
    page = client_for(quality_manager).get("/")
    assert "evidence request" in page.content.decode()
