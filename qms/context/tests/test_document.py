"""The context and scope PDF and its publication as a controlled document."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from qms.context import services
from qms.context.models import QmsScope
from qms.context.pdf import TEMPLATE, context_pdf, pdf_context
from qms.core.errors import Conflict
from qms.documents.models import Document, DocumentRevision
from qms.organizations.tests.factories import ProcessFactory, ProcessInteractionFactory, SiteFactory
from qms.standards.tests.factories import (
    ClauseApplicabilityFactory,
    ClauseFactory,
    OrganizationStandardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def context_records(
    organization: Any, quality_manager: Any, make_issue: Any, make_party: Any
) -> QmsScope:
    make_issue(title="Skilled calibration staff", origin="internal", category="strength")
    make_issue(title="Energy prices", origin="external", category="threat", climate_related=True)
    party = make_party(name="Rail operators")
    services.requirement_create(
        actor=quality_manager, party=party, data={"requirement": "Traceable certificates"}
    )
    services.climate_decide(
        actor=quality_manager,
        organization=organization,
        data={"relevant": True, "rationale": "Summer heat stops the laboratory."},
        password="correct horse battery staple",
    )
    site = SiteFactory(organization=organization, name="Sheffield works")
    sales = ProcessFactory(organization=organization, name="Sales", code="P-01")
    make = ProcessFactory(organization=organization, name="Machining", code="P-03")
    ProcessInteractionFactory(
        organization=organization, from_process=sales, to_process=make, flow="Confirmed orders"
    )
    adopted = OrganizationStandardFactory(organization=organization)
    clause = ClauseFactory(edition=adopted.edition, number="8.3", title="Design and development")
    ClauseApplicabilityFactory(organization=organization, clause=clause, justification="")
    return services.scope_create(
        actor=quality_manager,
        organization=organization,
        data={"statement": "Precision gauges.", "products_services": "Gauges", "sites": [site]},
    )


def test_the_pdf_holds_every_section(context_records: Any, organization: Any) -> None:
    data = pdf_context(organization=organization)
    assert [i.title for i in data["internal_issues"]] == ["Skilled calibration staff"]
    assert [i.title for i in data["external_issues"]] == ["Energy prices"]
    assert data["climate"].relevant is True
    assert [p.name for p in data["parties"]] == ["Rail operators"]
    assert [e.clause.number for e in data["exclusions"]] == ["8.3"]
    html = render_to_string(TEMPLATE, {**data, "pdf": {"title": "t"}})
    for text in (
        "Scope of the quality management system",
        "Internal issues",
        "External issues",
        "Climate change",
        "Interested parties and their requirements",
        "Traceable certificates",
        "Sheffield works",
        "8.3",
        "No justification recorded.",
        "<svg",
        "Confirmed orders",
    ):
        assert text in html, text
    pdf = context_pdf(organization=organization)
    assert pdf.startswith(b"%PDF")


def test_publish_creates_the_document_then_new_revisions(
    context_records: QmsScope, organization: Any, quality_manager: Any
) -> None:
    with pytest.raises(ValidationError):
        services.context_document_publish(
            actor=quality_manager, organization=organization, change_summary=" "
        )
    first = services.context_document_publish(
        actor=quality_manager, organization=organization, change_summary="First issue."
    )
    document = Document.objects.for_organization(organization).get()
    scope = QmsScope.objects.for_organization(organization).get()
    assert scope.document == document == first.document
    assert document.document_type == "manual"
    assert first.number == 1 and first.status == "draft"
    assert first.file is not None and first.content_format == "file"
    assert first.change_summary == "First issue."

    # a draft is replaced (nobody signed it yet): still revision 1, with a new file
    again = services.context_document_publish(
        actor=quality_manager, organization=organization, change_summary="Typo fixed."
    )
    assert again.pk == first.pk and again.file_id != first.file_id

    # in review: refused, nothing written
    DocumentRevision.objects.filter(pk=first.pk).update(status="in_review")
    with pytest.raises(Conflict):
        services.context_document_publish(
            actor=quality_manager, organization=organization, change_summary="More."
        )
    # once effective, the next publication is revision 2
    DocumentRevision.objects.filter(pk=first.pk).update(status="effective")
    Document.objects.filter(pk=document.pk).update(current_revision=first)
    second = services.context_document_publish(
        actor=quality_manager, organization=organization, change_summary="Annual review."
    )
    assert second.number == 2 and second.status == "draft" and second.file is not None
    assert DocumentRevision.objects.for_organization(organization).count() == 2


def test_publish_needs_a_scope(organization: Any, quality_manager: Any) -> None:
    with pytest.raises(Conflict):
        services.context_document_publish(
            actor=quality_manager, organization=organization, change_summary="x"
        )
