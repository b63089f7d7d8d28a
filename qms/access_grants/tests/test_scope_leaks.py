"""What the portal's reports let through: the audit report PDF limited to the granted clauses,
the readiness report limited to the grant's clauses, record types and processes (no drafts,
gap records only when granted), reviews only with approved minutes (pack records in scope),
the home page after the window, the time zone shown with the window."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.access_grants import services
from qms.core.audit import AuditEvent
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents.tests.factories import DocumentFactory, DocumentRevisionFactory
from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.internal_audits.report import report_context
from qms.management_reviews.models import InputSection
from qms.management_reviews.tests.factories import ManagementReviewFactory
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.risks.tests.factories import RiskFactory
from qms.standards.tests.conftest import Q2015, clause
from qms.standards.tests.factories import ClauseEvidenceFactory

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "extract.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [str(shutil.which("pdftotext")), str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def two_clause_audit(iso: Any, organization: Any, auditor: Any) -> tuple[Audit, Any, Any]:
    granted, other = clause(Q2015, "9.2"), clause(Q2015, "8.5")
    with allow_unaudited_writes():
        audit = Audit.objects.create(
            organization=organization,
            number="IA-2026-021",
            title="Audit of production",
            lead_auditor=auditor,
            planned_month=dt.date(2026, 3, 1),
            status="reported",
            reported_on=dt.date(2026, 3, 20),
        )
        audit.clauses.set([granted, other])
        for position, (on, answer) in enumerate(((granted, "minor"), (other, "major"))):
            item = ChecklistItem.objects.create(
                organization=organization,
                audit=audit,
                clause=on,
                position=position,
                question=f"Question {position}",
                answer=answer,
            )
            Finding.objects.create(
                organization=organization,
                audit=audit,
                checklist_item=item,
                number=f"F-{position + 1}",
                grade=answer,
                statement=(
                    "Audit programme not approved."
                    if on == granted
                    else "Torque wrench unlabelled."
                ),
                clause=on,
            )
    return audit, granted, other


def test_report_context_with_clause_ids_is_an_extract(
    two_clause_audit: tuple[Audit, Any, Any],
) -> None:
    audit, granted, _other = two_clause_audit
    whole = report_context(audit=audit)
    assert [f["number"] for f in whole["findings"]] == ["F-1", "F-2"]
    assert not any(label == "Extract" for label, _value in whole["metadata"])
    extract = report_context(audit=audit, clause_ids=[granted.pk], extract_for="AG-1 Alex")
    assert [f["number"] for f in extract["findings"]] == ["F-1"]
    assert [row.number for row in extract["clause_results"]] == ["9.2"]
    assert extract["questions"] == 1
    assert dict(extract["by_grade"]).get("Major", 0) == 0
    assert ("Extract", "Extract for AG-1 Alex: limited to the granted clauses") in extract[
        "metadata"
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_portal_audit_pdf_lacks_findings_outside_the_granted_clauses(
    make_grant: Any,
    client_for: Any,
    two_clause_audit: tuple[Audit, Any, Any],
    tmp_path: Path,
) -> None:
    audit, granted, _other = two_clause_audit
    grant = make_grant(record_types=["internal_audits"], clauses=[granted])
    response = client_for(grant.grantee).get(
        reverse("external:record_pdf", args=[grant.pk, "internal_audits", audit.pk])
    )
    assert response.status_code == 200
    text = _pdf_text(response.content, tmp_path)
    assert "Audit programme not approved." in text
    assert "Torque wrench unlabelled." not in text
    assert f"Extract for {grant}: limited to the granted clauses" in text


def _effective_document(organization: Any, title: str, status: str = "effective") -> Any:
    document = DocumentFactory(organization=organization, title=title)
    with allow_unaudited_writes():
        document.current_revision = DocumentRevisionFactory(
            organization=organization, document=document, status=status
        )
        document.save()
    return document


def test_readiness_limited_to_the_grant_scope(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    granted, other = clause(Q2015, "9.2.2"), clause(Q2015, "8.5.1")
    shown = _effective_document(organization, "Internal audit procedure")
    draft = _effective_document(organization, "Draft audit checklist", status="draft")
    outside = _effective_document(organization, "Production work instruction")
    risk = RiskFactory(organization=organization, title="Auditor shortage risk")
    for subject, on in ((shown, granted), (draft, granted), (outside, other), (risk, granted)):
        ClauseEvidenceFactory(subject=subject, clause=on)
    NonconformityFactory(organization=organization, severity="major", title="Furnace overheated")
    grant = make_grant(record_types=["readiness", "documents"], clauses=[granted])
    page = (
        client_for(grant.grantee)
        .get(reverse("external:record_list", args=[grant.pk, "readiness"]))
        .content.decode()
    )
    assert 'data-clause="9.2.2"' in page  # the granted clause's row
    assert 'data-clause="9.2.1"' not in page and 'data-clause="8.5.1"' not in page
    assert "Production work instruction" not in page
    assert "Internal audit procedure" in page  # a granted type in scope is named
    assert "Draft audit checklist" not in page  # drafts are left out
    assert "Auditor shortage risk" not in page and "1 other record" in page
    assert "major nonconformity is still open" in page  # the gap and its count stay
    assert "Furnace overheated" not in page  # ... but not the record's title
    # Granting a clause covers its subclauses.
    parent = make_grant(
        record_types=["readiness"],
        clauses=[clause(Q2015, "9.2")],
        grantee_email=grant.grantee_email,
    )
    page = (
        client_for(grant.grantee)
        .get(reverse("external:record_list", args=[parent.pk, "readiness"]))
        .content.decode()
    )
    assert 'data-clause="9.2.1"' in page and 'data-clause="9.2.2"' in page
    assert 'data-clause="8.5.1"' not in page and "Internal audit procedure" not in page


def test_readiness_gap_records_named_when_their_type_is_granted(
    make_grant: Any, organization: Any, client_for: Any
) -> None:
    nc = NonconformityFactory(organization=organization, severity="major", title="Oven alarm")
    grant = make_grant(record_types=["readiness", "nonconformities"])
    page = (
        client_for(grant.grantee)
        .get(reverse("external:record_list", args=[grant.pk, "readiness"]))
        .content.decode()
    )
    assert nc.title in page


def test_reviews_only_with_approved_minutes_and_pack_records_in_scope(
    make_grant: Any, organization: Any, client_for: Any, tmp_path: Path
) -> None:
    approved = ManagementReviewFactory(
        organization=organization, status="minutes_approved", held_on=dt.date(2026, 3, 12)
    )
    held = ManagementReviewFactory(
        organization=organization, status="held", held_on=dt.date(2026, 3, 19)
    )
    nc = NonconformityFactory(organization=organization, title="Shipped without inspection")
    risk = RiskFactory(organization=organization, title="Single supplier of steel")
    with allow_unaudited_writes():
        InputSection.objects.create(
            organization=organization,
            review=approved,
            key="nonconformities",
            title="Nonconformities and corrective actions",
            clause="9.3.2 c) 2)",
            position=1,
            figures=[{"label": "Open", "value": "1"}],
            links=[
                {
                    "number": nc.number,
                    "title": nc.title,
                    "url": nc.get_absolute_url(),
                    "detail": "",
                },
                {
                    "number": risk.number,
                    "title": risk.title,
                    "url": risk.get_absolute_url(),
                    "detail": "",
                },
            ],
        )
    grant = make_grant(record_types=["management_reviews", "nonconformities"])
    client = client_for(grant.grantee)

    def detail(review: Any) -> str:
        return reverse("external:record_detail", args=[grant.pk, "management_reviews", review.pk])

    assert client.get(detail(approved)).status_code == 200
    assert client.get(detail(held)).status_code == 404  # minutes not approved yet
    if shutil.which("pdftotext") is None:
        return
    pdf = client.get(
        reverse("external:record_pdf", args=[grant.pk, "management_reviews", approved.pk])
    )
    text = _pdf_text(pdf.content, tmp_path)
    assert "Shipped without inspection" in text
    assert "Single supplier of steel" not in text  # risks are not granted
    assert "Nonconformities and corrective actions" in text  # the section and its figures stay
    assert InputSection.objects.get(review=approved).links[1]["title"] == risk.title  # unchanged


def test_home_answers_404_after_the_window_and_after_revocation(
    make_grant: Any, quality_manager: Any, client_for: Any
) -> None:
    now = timezone.now()
    grant = make_grant()
    client = client_for(grant.grantee)
    assert client.get(reverse("external:home")).status_code == 200
    services.grant_revoke(actor=quality_manager, instance=grant, reason="Audit done.")
    assert client.get(reverse("external:home")).status_code == 404
    ended = make_grant(
        grantee_email="other@cb.example",
        starts_at=now - dt.timedelta(days=3),
        ends_at=now - dt.timedelta(minutes=1),
    )
    assert client_for(ended.grantee).get(reverse("external:home")).status_code == 404


def test_window_shows_its_time_zone(
    make_grant: Any, organization: Any, client_for: Any, quality_manager: Any
) -> None:
    grant = make_grant()
    zone = timezone.localtime(grant.ends_at).strftime("%Z")
    home = client_for(grant.grantee).get(reverse("external:home")).content.decode()
    assert f"{timezone.localtime(grant.ends_at):%Y-%m-%d %H:%M} {zone}" in home
    page = client_for(quality_manager).get(grant.get_absolute_url()).content.decode()
    assert f"{timezone.localtime(grant.starts_at):%Y-%m-%d %H:%M} {zone}" in page
    form = client_for(quality_manager).get(reverse("access_grants:accessgrant_add"))
    assert f"Time in {zone}." in form.content.decode()


def test_refused_page_inside_an_open_grant_is_logged(
    make_grant: Any, organization: Any, client_for: Any, quality_manager: Any
) -> None:
    grant = make_grant(record_types=["processes"])
    nc = NonconformityFactory(organization=organization)
    client = client_for(grant.grantee)
    path = reverse("external:record_detail", args=[grant.pk, "nonconformities", nc.pk])
    assert client.get(path).status_code == 404
    denied = AuditEvent.objects.filter(
        event_type="access_grants.page_denied", subject_id=str(grant.pk)
    )
    assert [event.data["path"] for event in denied] == [path]
    page = client_for(quality_manager).get(grant.get_absolute_url()).content.decode()
    assert "Refused: outside the access" in page and path in page


def test_portal_list_is_paginated(make_grant: Any, organization: Any, client_for: Any) -> None:
    from qms.access_grants.views_external import PER_PAGE

    grant = make_grant(record_types=["nonconformities"])
    NonconformityFactory.create_batch(PER_PAGE + 1, organization=organization)
    client = client_for(grant.grantee)
    url = reverse("external:record_list", args=[grant.pk, "nonconformities"])
    first = client.get(url).content.decode()
    assert f"Records 1 to {PER_PAGE} of {PER_PAGE + 1}" in first and "Next page" in first
    second = client.get(f"{url}?page=2").content.decode()
    assert f"Records {PER_PAGE + 1} to {PER_PAGE + 1} of {PER_PAGE + 1}" in second
