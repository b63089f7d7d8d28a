"""The Stage 1 readiness report in a real browser, on a phone: the quality manager opens the
report, sees the percentage, the gaps and the clauses still lacking evidence, filters the
clause table, and saves the report as a snapshot; the page fits 390 px and every control has
a label."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents.tests.factories import DocumentFactory, DocumentRevisionFactory
from qms.readiness.models import ReadinessSnapshot
from qms.standards.loader import load_files
from qms.standards.models import Clause, ClauseEvidence, OrganizationStandard

from .helpers import PHONE, fits_width, log_in, screenshot, unlabelled_controls

pytestmark = pytest.mark.browser


@pytest.fixture
def adopted(organization: Any) -> Any:
    """ISO 9001:2015 adopted; the quality policy (in force) linked to 5.2.1 and 5.2.2."""
    load_files()
    policy = DocumentFactory(organization=organization, document_type="policy", title="Policy")
    revision = DocumentRevisionFactory(
        organization=organization, document=policy, status="effective"
    )
    with allow_unaudited_writes():
        policy.current_revision = revision
        policy.save(update_fields=["current_revision"])
        edition = Clause.objects.get(urn="urn:qms:iso:9001:2015:clause:5.2.1").edition
        OrganizationStandard.objects.create(organization=organization, edition=edition)
        for number in ("5.2.1", "5.2.2"):
            ClauseEvidence.objects.create(
                organization=organization,
                clause=Clause.objects.get(edition=edition, number=number),
                content_type=ContentType.objects.get_for_model(policy),
                object_id=policy.pk,
            )
    return edition


def test_the_report_lists_what_is_missing_and_is_saved_on_a_phone(
    new_context: Any, organization: Any, quality_manager: Any, adopted: Any
) -> None:
    page = new_context(viewport=PHONE).new_page()
    log_in(page, quality_manager.email)
    page.goto("/readiness/")
    expect(page.get_by_role("heading", name="Stage 1 readiness", exact=True)).to_be_visible()
    summary = page.locator("[data-readiness-summary]")
    expect(summary.locator("[data-percentage]")).to_have_text(re.compile(r"^\d+(\.\d)? %$"))
    # the gaps a Stage 1 auditor would raise, with where to fix them
    gaps = page.locator("[data-readiness-gaps]")
    expect(gaps.locator('[data-gap="quality_objectives"]')).to_contain_text("No quality objective")
    expect(gaps.locator('[data-gap="management_review"]')).to_be_visible()
    expect(gaps.locator('[data-gap="quality_policy"]')).to_have_count(0)
    # the clauses still lacking evidence are listed, 5.2.x are not
    lacking = page.locator("[data-lacking]")
    expect(lacking.locator('[data-lacking-clause="4.4.1"]')).to_have_count(1)
    expect(lacking.locator('[data-lacking-clause="5.2.1"]')).to_have_count(0)
    assert fits_width(page)
    assert unlabelled_controls(page) == []
    screenshot(page, "readiness-01-report-phone")

    # filtering the clause table by state
    page.get_by_label("State", exact=True).select_option("effective")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator('tr[data-clause="5.2.1"]')).to_be_visible()
    expect(page.locator('tr[data-clause="4.4.1"]')).to_have_count(0)
    assert fits_width(page)

    # saving the report
    page.get_by_role("link", name="Save this report").click()
    page.get_by_label("Note", exact=True).fill("Sent to the certification body")
    page.get_by_role("button", name="Save this report").click()
    snapshot = ReadinessSnapshot.objects.for_organization(organization).get()
    expect(page).to_have_url(re.compile(rf"/readiness/snapshots/{snapshot.pk}/$"))
    expect(page.get_by_text("Sent to the certification body").first).to_be_visible()
    assert fits_width(page)
    screenshot(page, "readiness-02-snapshot-phone")
