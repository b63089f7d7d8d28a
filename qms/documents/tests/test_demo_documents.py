"""The documents demo: Acme's register in force, read and reviewed; running it twice
changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from qms.core.signatures import Meaning, Signature
from qms.documents.choices import DocumentType, RevisionStatus
from qms.documents.models import Acknowledgement, Document, DocumentDistribution, DocumentRevision
from qms.organizations.models import Organization
from qms.standards.models import ClauseEvidence

pytestmark = pytest.mark.django_db


def _counts(organization: Organization) -> dict[str, int]:
    return {
        "documents": Document.objects.for_organization(organization).count(),
        "revisions": DocumentRevision.objects.for_organization(organization).count(),
        "distribution": DocumentDistribution.objects.for_organization(organization).count(),
        "acknowledgements": Acknowledgement.objects.for_organization(organization).count(),
        "signatures": Signature.objects.for_organization(organization).count(),
        "evidence": ClauseEvidence.objects.for_organization(organization).count(),
    }


def test_the_demo_loads_acmes_register_once(settings: Any) -> None:
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    first = _counts(acme)
    call_command("demo", stdout=io.StringIO())
    assert _counts(acme) == first

    documents = Document.objects.for_organization(acme)
    numbers = set(documents.values_list("number", flat=True))
    assert {"QM-01", "POL-001", "EXT-001", "REC-2026-001"} <= numbers
    assert documents.filter(document_type=DocumentType.PROCEDURE).count() == 12
    assert not documents.filter(current_revision__isnull=True).exists()
    assert (
        not DocumentRevision.objects.for_organization(acme)
        .exclude(status=RevisionStatus.EFFECTIVE)
        .exists()
    )
    assert first["evidence"] >= 20
    record = documents.get(number="REC-2026-001")
    assert record.retain_until is not None
    overdue = documents.filter(next_review_on__lt=timezone.localdate())
    assert list(overdue.values_list("number", flat=True)) == ["QP-09"]
    # The document demo's approvals (the context demo adds the context document's, signed by
    # top management, and the risks demo its owners' approvals of treatments).
    approvals = Signature.objects.for_organization(acme).filter(
        meaning=Meaning.APPROVED, subject_type="documents.documentrevision"
    )
    assert {signature.signer_email for signature in approvals} == {
        "quality@acme.example",
        "owner@acme.example",
    }
    pending = Acknowledgement.objects.for_organization(acme).filter(
        user__email="employee@acme.example", acknowledged_at__isnull=True
    )
    assert [item.revision.document.number for item in pending] == ["POL-001"]
    read = Acknowledgement.objects.for_organization(acme).filter(
        user__email="employee@acme.example", acknowledged_at__isnull=False
    )
    assert [item.revision.document.number for item in read] == ["QP-10"]
