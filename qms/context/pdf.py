"""The "Context and scope" PDF (ISO 9001 clause 4): issues, the climate-change decision,
interested parties and their requirements, the scope (statement, sites, products and
services, exclusions with their justifications), the process map and the process table.

It is the file of the context document's revisions (services.context_document_publish):
the documents module controls it like any other document. The preview download uses the
same function.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qms.core.pdf import render_pdf
from qms.organizations.process_map import map_processes, process_map

from . import selectors
from .choices import IssueOrigin

TEMPLATE = "context/pdf/context_scope.html"
TITLE = "Context of the organization and scope of the QMS"


def pdf_context(*, organization: Any) -> dict[str, Any]:
    """What the template shows (apart from rendering, so a test reads it without WeasyPrint)."""
    issues = list(selectors.issues_for_overview(organization=organization))
    processes = list(map_processes(organization=organization).select_related("site"))
    drawn = process_map(
        organization=organization, title="Process map", id_prefix="pdfmap", processes=processes
    )
    return {
        "organization": organization,
        "generated_at": timezone.localtime(timezone.now()),
        "internal_issues": [i for i in issues if i.origin == IssueOrigin.INTERNAL],
        "external_issues": [i for i in issues if i.origin == IssueOrigin.EXTERNAL],
        "climate": selectors.latest_climate_decision(organization=organization),
        "parties": list(selectors.parties_with_requirements(organization=organization)),
        "scope": selectors.scope_of(organization=organization),
        "exclusions": selectors.exclusions(organization=organization),
        "map": drawn,
        "processes": processes,
    }


def context_pdf(*, organization: Any) -> bytes:
    return render_pdf(
        template_name=TEMPLATE,
        context=pdf_context(organization=organization),
        title=TITLE,
        organization_name=organization.name,
        footer_note="Uncontrolled when printed",
    )
