"""The external portal: scope per type, clause and process; 404 outside it; the window and
revocation computed per request; one audit event per page opened."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.access_grants import services
from qms.access_grants.models import AccessGrant
from qms.core.audit import AuditEvent
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents.tests.factories import DocumentFactory, DocumentRevisionFactory
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.risks.tests.factories import RiskFactory
from qms.standards.tests.conftest import Q2015, clause
from qms.standards.tests.factories import ClauseEvidenceFactory

pytestmark = pytest.mark.django_db


def _url(grant: AccessGrant, kind: str, pk: int | None = None) -> str:
    if pk is None:
        return reverse("external:record_list", args=[grant.pk, kind])
    return reverse("external:record_detail", args=[grant.pk, kind, pk])


def _views(grant: AccessGrant) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            organization_id=grant.organization_id,
            event_type="access_grants.page_viewed",
            subject_id=str(grant.pk),
        ).order_by("id")
    )


def test_granted_record_shows_and_each_page_view_is_an_audit_event(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    grant = make_grant()
    nc = NonconformityFactory(organization=organization)
    client = client_for(grant.grantee)
    listing = client.get(_url(grant, "nonconformities"))
    assert listing.status_code == 200
    assert nc.number in listing.content.decode()
    detail = client.get(_url(grant, "nonconformities", nc.pk))
    assert detail.status_code == 200
    assert nc.title in detail.content.decode()
    events = _views(grant)
    assert len(events) == 2
    assert events[-1].data["record"]["id"] == nc.pk
    assert events[-1].data["path"] == _url(grant, "nonconformities", nc.pk)
    assert events[-1].actor_id == grant.grantee_id
    # The organization sees the log on the grant's page.
    page = client_for(grant.granted_by).get(grant.get_absolute_url())
    assert _url(grant, "nonconformities", nc.pk) in page.content.decode()


def test_record_type_not_granted_answers_404(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    grant = make_grant(record_types=["risks"])
    nc = NonconformityFactory(organization=organization)
    client = client_for(grant.grantee)
    assert client.get(_url(grant, "nonconformities")).status_code == 404
    assert client.get(_url(grant, "nonconformities", nc.pk)).status_code == 404
    assert client.get(_url(grant, "no-such-type")).status_code == 404


def test_another_organizations_record_answers_404(
    make_grant: Any, other_organization: Any, client_for: Any
) -> None:
    grant = make_grant()
    foreign = NonconformityFactory(organization=other_organization)
    client = client_for(grant.grantee)
    assert client.get(_url(grant, "nonconformities", foreign.pk)).status_code == 404
    assert foreign.number not in client.get(_url(grant, "nonconformities")).content.decode()


def test_someone_elses_grant_answers_404(make_grant: Any, client_for: Any, stranger: Any) -> None:
    grant = make_grant()
    assert client_for(stranger).get(reverse("external:grant", args=[grant.pk])).status_code == 404


def test_process_restriction(make_grant: Any, organization: Any, client_for: Any) -> None:
    inside, outside = (
        ProcessFactory(organization=organization),
        ProcessFactory(organization=organization),
    )
    grant = make_grant(processes=[inside])
    nc_in = NonconformityFactory(organization=organization, process=inside)
    nc_out = NonconformityFactory(organization=organization, process=outside)
    risk_in = RiskFactory(organization=organization)
    risk_out = RiskFactory(organization=organization)
    with allow_unaudited_writes():
        risk_in.processes.set([inside])
        risk_out.processes.set([outside])
    client = client_for(grant.grantee)
    assert client.get(_url(grant, "nonconformities", nc_in.pk)).status_code == 200
    assert client.get(_url(grant, "nonconformities", nc_out.pk)).status_code == 404
    assert client.get(_url(grant, "risks", risk_in.pk)).status_code == 200
    assert client.get(_url(grant, "risks", risk_out.pk)).status_code == 404
    assert client.get(_url(grant, "processes", inside.pk)).status_code == 200
    assert client.get(_url(grant, "processes", outside.pk)).status_code == 404


def test_clause_restriction_through_clause_evidence(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    granted, other = clause(Q2015, "9.2"), clause(Q2015, "8.5")
    grant = make_grant(clauses=[granted])
    linked = NonconformityFactory(organization=organization)
    elsewhere = NonconformityFactory(organization=organization)
    unlinked = NonconformityFactory(organization=organization)
    ClauseEvidenceFactory(subject=linked, clause=granted)
    ClauseEvidenceFactory(subject=elsewhere, clause=other)
    client = client_for(grant.grantee)
    assert client.get(_url(grant, "nonconformities", linked.pk)).status_code == 200
    assert client.get(_url(grant, "nonconformities", elsewhere.pk)).status_code == 404
    assert client.get(_url(grant, "nonconformities", unlinked.pk)).status_code == 404
    listing = client.get(_url(grant, "nonconformities")).content.decode()
    assert linked.number in listing and elsewhere.number not in listing


def test_documents_show_only_effective_revisions_and_their_files(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    grant = make_grant()
    effective = DocumentFactory(organization=organization)
    draft = DocumentFactory(organization=organization)
    with allow_unaudited_writes():
        revision = DocumentRevisionFactory(
            organization=organization, document=effective, status="effective", body="Our rules."
        )
        effective.current_revision = revision
        effective.save()
        draft.current_revision = DocumentRevisionFactory(
            organization=organization, document=draft, status="draft"
        )
        draft.save()
    client = client_for(grant.grantee)
    assert client.get(_url(grant, "documents", effective.pk)).status_code == 200
    assert client.get(_url(grant, "documents", draft.pk)).status_code == 404


def test_window_before_and_after(make_grant: Any, organization: Any, client_for: Any) -> None:
    now = timezone.now()
    later = make_grant(starts_at=now + dt.timedelta(days=1), ends_at=now + dt.timedelta(days=5))
    client = client_for(later.grantee)
    assert client.get(reverse("external:grant", args=[later.pk])).status_code == 404
    ended = make_grant(starts_at=now - dt.timedelta(days=10), ends_at=now - dt.timedelta(seconds=1))
    assert client.get(reverse("external:grant", args=[ended.pk])).status_code == 404
    assert client.get(reverse("external:request_list", args=[ended.pk])).status_code == 404
    assert _views(later) == [] and _views(ended) == []


def test_revoked_answers_404_at_once(
    make_grant: Any, organization: Any, quality_manager: Any, client_for: Any
) -> None:
    grant = make_grant()
    nc = NonconformityFactory(organization=organization)
    client = client_for(grant.grantee)
    assert client.get(_url(grant, "nonconformities", nc.pk)).status_code == 200
    response = client_for(quality_manager).post(
        reverse("access_grants:accessgrant_revoke", args=[grant.pk]), {"reason": "Audit done."}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == "revoked" and grant.revoke_reason == "Audit done."
    assert client.get(_url(grant, "nonconformities", nc.pk)).status_code == 404
    assert client.get(reverse("external:grant", args=[grant.pk])).status_code == 404


def test_external_user_gets_404_on_organization_pages(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    grant = make_grant()
    nc = NonconformityFactory(organization=organization)
    client = client_for(grant.grantee)
    assert (
        client.get(reverse("nonconformities:nonconformity_detail", args=[nc.pk])).status_code == 404
    )
    assert (
        client.get(reverse("access_grants:accessgrant_detail", args=[grant.pk])).status_code == 404
    )
    # The list pages do not exist for them either, nor the audit trail; the dashboard leads
    # to the portal (accounts.middleware.register_outside_home).
    assert client.get(reverse("nonconformities:nonconformity_list")).status_code == 404
    assert client.get(reverse("access_grants:grant_list")).status_code == 404
    assert client.get(reverse("core:auditevent_list")).status_code == 404
    home = client.get(reverse("core:dashboard"))
    assert home.status_code == 302 and home["Location"] == reverse("external:home")


def test_member_who_also_holds_a_grant_keeps_the_organization_pages(
    make_grant: Any, auditor: Any, client_for: Any
) -> None:
    grant = make_grant(grantee_email=auditor.email)
    client = client_for(auditor)
    assert client.get(reverse("access_grants:grant_list")).status_code == 200
    assert client.get(reverse("external:grant", args=[grant.pk])).status_code == 200


def test_home_lists_open_grants(make_grant: Any, client_for: Any) -> None:
    grant = make_grant()
    response = client_for(grant.grantee).get(reverse("external:home"))
    assert response.status_code == 200
    assert reverse("external:grant", args=[grant.pk]) in response.content.decode()


def test_anonymous_is_sent_to_log_in(make_grant: Any, client: Any) -> None:
    grant = make_grant()
    response = client.get(reverse("external:grant", args=[grant.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_readiness_not_granted_is_404(make_grant: Any, client_for: Any) -> None:
    grant = make_grant()
    assert client_for(grant.grantee).get(_url(grant, "readiness")).status_code == 404


def test_page_view_record_needs_no_extra_queries_per_row(
    make_grant: Any, organization: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    grant = make_grant()
    for _ in range(3):
        NonconformityFactory(organization=organization)
    client = client_for(grant.grantee)
    client.get(_url(grant, "nonconformities"))
    with django_assert_max_num_queries(30) as small:
        client.get(_url(grant, "nonconformities"))
    for _ in range(20):
        NonconformityFactory(organization=organization)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url(grant, "nonconformities"))


def test_grant_detail_log_uses_services(
    make_grant: Any, quality_manager: Any, organization: Any
) -> None:
    grant = make_grant()
    services.page_view_record(actor=grant.grantee, grant=grant, path="/external/x/")
    from qms.access_grants.selectors import access_log

    assert [e.data["path"] for e in access_log(grant=grant)] == ["/external/x/"]


def test_document_file_downloads_through_the_portal_only_within_scope(
    make_grant: Any, organization: Any, quality_manager: Any, client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qms.core.attachments.services import attachment_add

    grant = make_grant()
    document = DocumentFactory(organization=organization)
    pdf = SimpleUploadedFile("procedure.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = attachment_add(actor=quality_manager, subject=document, upload=pdf)
    other_nc = NonconformityFactory(organization=organization)
    other_file = attachment_add(
        actor=quality_manager,
        subject=other_nc,
        upload=SimpleUploadedFile("nc.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    with allow_unaudited_writes():
        revision = DocumentRevisionFactory(
            organization=organization, document=document, status="effective", file=attachment
        )
        document.current_revision = revision
        document.save()
    client = client_for(grant.grantee)
    detail = client.get(_url(grant, "documents", document.pk))
    url = reverse("external:record_file", args=[grant.pk, "documents", document.pk, attachment.pk])
    assert url in detail.content.decode()
    assert client.get(url).status_code == 200
    # Another record's file is not reached through this document.
    wrong = reverse(
        "external:record_file", args=[grant.pk, "documents", document.pk, other_file.pk]
    )
    assert client.get(wrong).status_code == 404
