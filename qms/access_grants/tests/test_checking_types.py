"""The record types of the checking modules in the portal: internal audits (reported or
closed, with their findings and the report PDF), management reviews (held, with the pack and
minutes PDF) and the readiness report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits.models import Audit, Finding
from qms.management_reviews.tests.factories import ManagementReviewFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.tests.conftest import Q2015, clause

pytestmark = pytest.mark.django_db


def _audit(organization: Any, lead: Any, number: str, status: str, **extra: Any) -> Audit:
    with allow_unaudited_writes():
        return Audit.objects.create(
            organization=organization,
            number=number,
            title=f"Audit {number}",
            lead_auditor=lead,
            planned_month=dt.date(2026, 3, 1),
            status=status,
            reported_on=dt.date(2026, 3, 20) if status in ("reported", "closed") else None,
            **extra,
        )


def test_audits_reported_with_findings_and_report_pdf(
    make_grant: Any, organization: Any, auditor: Any, client_for: Any
) -> None:
    granted_clause, other_clause = clause(Q2015, "9.2"), clause(Q2015, "8.5")
    grant = make_grant(record_types=["internal_audits"], clauses=[granted_clause])
    reported = _audit(organization, auditor, "IA-2026-001", "reported")
    planned = _audit(organization, auditor, "IA-2026-002", "planned")
    other = _audit(organization, auditor, "IA-2026-003", "closed")
    with allow_unaudited_writes():
        reported.clauses.set([granted_clause])
        planned.clauses.set([granted_clause])
        other.clauses.set([other_clause])
        Finding.objects.create(
            organization=organization,
            audit=reported,
            number="F-1",
            grade="minor",
            statement="Audit programme not approved.",
            clause=granted_clause,
        )
        Finding.objects.create(
            organization=organization,
            audit=reported,
            number="F-2",
            grade="minor",
            statement="Work instruction outdated.",
            clause=other_clause,
        )
        Finding.objects.create(
            organization=organization,
            audit=reported,
            number="F-3",
            grade="observation",
            statement="Withdrawn: answer changed to conform.",
            clause=granted_clause,
            status="withdrawn",
        )
    client = client_for(grant.grantee)
    base = reverse("external:record_list", args=[grant.pk, "internal_audits"])
    listing = client.get(base).content.decode()
    assert (
        "IA-2026-001" in listing and "IA-2026-002" not in listing and "IA-2026-003" not in listing
    )
    detail = client.get(f"{base}{reported.pk}/").content.decode()
    assert "Audit programme not approved." in detail
    assert "Work instruction outdated." not in detail  # a finding on a clause not granted
    assert "Withdrawn: answer changed" not in detail  # a withdrawn finding is not shown outside
    pdf = client.get(
        reverse("external:record_pdf", args=[grant.pk, "internal_audits", reported.pk])
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"{base}{planned.pk}/").status_code == 404
    assert client.get(f"{base}{other.pk}/").status_code == 404


def test_audit_process_restriction(
    make_grant: Any, organization: Any, auditor: Any, client_for: Any
) -> None:
    inside: Any = ProcessFactory(organization=organization)
    outside: Any = ProcessFactory(organization=organization)
    grant = make_grant(record_types=["internal_audits"], processes=[inside])
    shown = _audit(organization, auditor, "IA-2026-011", "reported")
    hidden = _audit(organization, auditor, "IA-2026-012", "reported")
    with allow_unaudited_writes():
        shown.processes.set([inside])
        hidden.processes.set([outside])
    client = client_for(grant.grantee)
    url = lambda a: reverse("external:record_detail", args=[grant.pk, "internal_audits", a.pk])  # noqa: E731
    assert client.get(url(shown)).status_code == 200
    assert client.get(url(hidden)).status_code == 404


def test_held_reviews_with_pdf(make_grant: Any, organization: Any, client_for: Any) -> None:
    grant = make_grant(record_types=["management_reviews"])
    held = ManagementReviewFactory(
        organization=organization, status="minutes_approved", held_on=dt.date(2026, 3, 12)
    )
    planned = ManagementReviewFactory(organization=organization, status="planned")
    client = client_for(grant.grantee)
    detail = reverse("external:record_detail", args=[grant.pk, "management_reviews", held.pk])
    assert client.get(detail).status_code == 200
    pdf = client.get(reverse("external:record_pdf", args=[grant.pk, "management_reviews", held.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    hidden = reverse("external:record_detail", args=[grant.pk, "management_reviews", planned.pk])
    assert client.get(hidden).status_code == 404
    # A type without a report answers 404 for the PDF route.
    other = make_grant(record_types=["processes"], grantee_email=grant.grantee_email)
    process = ProcessFactory(organization=organization)
    assert (
        client.get(
            reverse("external:record_pdf", args=[other.pk, "processes", process.pk])
        ).status_code
        == 404
    )


def test_readiness_report(make_grant: Any, client_for: Any) -> None:
    grant = make_grant(record_types=["readiness"])
    client = client_for(grant.grantee)
    response = client.get(reverse("external:record_list", args=[grant.pk, "readiness"]))
    assert response.status_code == 200
    assert "What a Stage 1 auditor would raise" in response.content.decode()
    assert (
        client.get(reverse("external:record_detail", args=[grant.pk, "readiness", 1])).status_code
        == 404
    )
