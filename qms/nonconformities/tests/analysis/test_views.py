"""Pages: the panel on the nonconformity's page, the 5-whys/Ishikawa editor (steps added and
removed without JavaScript), the 8D report and its PDF, dispositions, lists and budgets."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from qms.nonconformities.analysis.models import Disposition, EightDReport, RootCauseAnalysis
from qms.nonconformities.tests.factories import NonconformityFactory

from .factories import DispositionFactory, EightDReportFactory, RootCauseAnalysisFactory

pytestmark = pytest.mark.django_db

ADD = reverse("nonconformities:rootcauseanalysis_add")


def _steps_payload(nc: Any, steps: list[tuple[str, str]], **extra: str) -> dict[str, str]:
    data = {
        "nonconformity": str(nc.pk),
        "whys-TOTAL_FORMS": str(len(steps)),
        "whys-INITIAL_FORMS": "0",
        "whys-MIN_NUM_FORMS": "1",
        "whys-MAX_NUM_FORMS": "10",
    }
    for index, (why, answer) in enumerate(steps):
        data[f"whys-{index}-why"] = why
        data[f"whys-{index}-answer"] = answer
    data.update(extra)
    return data


def test_the_nc_page_shows_the_analysis_panel_with_its_fishbone(
    organization: Any, client_for: Any, quality_manager: Any, django_assert_max_num_queries: Any
) -> None:
    nc = NonconformityFactory(organization=organization, quantity_affected=Decimal("10"))
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    DispositionFactory(organization=organization, nonconformity=nc)
    client = client_for(quality_manager)
    response = client.get(nc.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tool life is not tracked" in body
    assert "<svg" in body and 'role="img"' in body and "<title id=" in body
    assert "Edit the analysis" in body
    assert "Record a disposition" in body
    assert "3 of 10" in body
    assert ' style="' not in body.split("data-analysis-panel", 1)[1]


def test_a_viewer_sees_the_analysis_but_no_button(
    organization: Any, client_for: Any, viewer: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    body = client_for(viewer).get(nc.get_absolute_url()).content.decode()
    assert "Tool life is not tracked" in body
    assert "Edit the analysis" not in body and "Record a disposition" not in body
    assert "Start an 8D report" not in body


def test_steps_are_added_and_removed_without_javascript_and_nothing_is_saved(
    organization: Any, client_for: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    client = client_for(quality_manager)
    page = client.get(f"{ADD}?nonconformity={nc.pk}")
    assert page.status_code == 200
    assert 'name="whys-0-why"' in page.content.decode()

    added = client.post(ADD, _steps_payload(nc, [("Why A?", "A")], step="add"))
    body = added.content.decode()
    assert added.status_code == 200
    assert 'name="whys-1-why"' in body and "Why A?" in body

    removed = client.post(
        ADD, _steps_payload(nc, [("Why A?", "A"), ("Why B?", "B")], step="remove-0")
    )
    body = removed.content.decode()
    assert "Why B?" in body and "Why A?" not in body
    assert 'name="whys-1-why"' not in body
    assert not RootCauseAnalysis.objects.filter(nonconformity=nc).exists()


def test_the_editor_saves_the_analysis_and_shows_errors_beside_the_steps(
    organization: Any, client_for: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    client = client_for(quality_manager)
    bad = client.post(ADD, _steps_payload(nc, [("Why?", "")]))
    assert bad.status_code == 400
    assert "Give the answer of this step." in bad.content.decode()
    assert not RootCauseAnalysis.objects.filter(nonconformity=nc).exists()

    too_long = client.post(ADD, _steps_payload(nc, [("Why?", "Because")], ishikawa_man="x" * 130))
    assert too_long.status_code == 400
    assert "longer than 120" in too_long.content.decode()

    saved = client.post(
        ADD,
        _steps_payload(
            nc,
            [("Why oversize?", "Worn tool"), ("Why worn?", "No tool-life limit")],
            ishikawa_machine="Worn tool\n\nSpindle play",
            root_cause="No tool-life limit",
            cause_category="method",
        ),
    )
    assert saved.status_code == 302
    analysis = RootCauseAnalysis.objects.get(nonconformity=nc)
    assert analysis.ishikawa["machine"] == ["Worn tool", "Spindle play"]
    assert [s["answer"] for s in analysis.five_whys] == ["Worn tool", "No tool-life limit"]
    # a second "start" goes to the existing analysis
    again = client.get(f"{ADD}?nonconformity={nc.pk}")
    assert again.status_code == 302
    assert again["Location"] == reverse(
        "nonconformities:rootcauseanalysis_edit", args=[analysis.pk]
    )
    detail = client.get(analysis.get_absolute_url())
    assert detail.status_code == 200 and "Spindle play" in detail.content.decode()


def test_the_editor_refuses_a_closed_nc_and_an_earlier_cycle(
    organization: Any, client_for: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(organization=organization, cycle=2)
    earlier = RootCauseAnalysisFactory(organization=organization, nonconformity=nc, cycle=1)
    client = client_for(quality_manager)
    edit = reverse("nonconformities:rootcauseanalysis_edit", args=[earlier.pk])
    response = client.post(edit, _steps_payload(nc, [("W", "A")], root_cause="Changed"))
    assert response.status_code == 409
    assert "cycle 1" in response.content.decode()
    earlier.refresh_from_db()
    assert earlier.root_cause != "Changed"
    detail = client.get(earlier.get_absolute_url()).content.decode()
    assert "Edit the analysis" not in detail


def test_another_organizations_nc_is_not_found(
    organization: Any, other_organization: Any, client_for: Any, quality_manager: Any
) -> None:
    theirs = NonconformityFactory(organization=other_organization)
    client = client_for(quality_manager)
    assert client.get(f"{ADD}?nonconformity={theirs.pk}").status_code == 404
    url = reverse("nonconformities:disposition_add")
    assert client.get(f"{url}?nonconformity={theirs.pk}").status_code == 404
    url = reverse("nonconformities:eightdreport_add")
    assert client.get(f"{url}?nonconformity={theirs.pk}").status_code == 404


def test_a_disposition_is_recorded_from_the_nc_and_refused_beyond_the_quantity(
    organization: Any, client_for: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, quantity_affected=Decimal("4"), quantity_unit="pcs"
    )
    client = client_for(quality_manager)
    url = reverse("nonconformities:disposition_add")
    assert client.get(f"{url}?nonconformity={nc.pk}").status_code == 200
    data = {"nonconformity": nc.pk, "kind": "scrap", "quantity": "5", "decided_on": "2026-03-05"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "4 pcs" in refused.content.decode()
    concession = client.post(url, {**data, "kind": "use_as_is", "quantity": "1"})
    assert concession.status_code == 400
    assert "A concession needs the person who authorised it." in concession.content.decode()
    done = client.post(url, {**data, "quantity": "4"})
    assert done.status_code == 302
    assert Disposition.objects.get(nonconformity=nc).quantity == Decimal("4")


def test_the_8d_report_is_started_prefilled_and_printed(
    organization: Any, client_for: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, owner=quality_manager, containment="Batch quarantined"
    )
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    client = client_for(quality_manager)
    url = reverse("nonconformities:eightdreport_add")
    page = client.get(f"{url}?nonconformity={nc.pk}")
    assert page.status_code == 200
    assert "Batch quarantined" in page.content.decode()
    created = client.post(url, {"nonconformity": nc.pk, "d1_team": "QM and machining"})
    assert created.status_code == 302
    report = EightDReport.objects.get(nonconformity=nc)
    assert report.d4_root_cause.startswith("Tool life is not tracked")
    assert "Batch quarantined" in report.d3_containment
    assert list(report.d1_team_members.all()) == [quality_manager]
    pdf = client.get(reverse("nonconformities:eightdreport_pdf", args=[report.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "name", ["rootcauseanalysis_list", "eightdreport_list", "disposition_list"]
)
def test_list_pages_cost_the_same_for_many_rows(
    name: str,
    organization: Any,
    client_for: Any,
    quality_manager: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(quality_manager)
    url = reverse(f"nonconformities:{name}")
    make = {
        "rootcauseanalysis_list": RootCauseAnalysisFactory,
        "eightdreport_list": EightDReportFactory,
        "disposition_list": DispositionFactory,
    }[name]
    make(organization=organization)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        make(organization=organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(r"NC-2026-", response.content.decode())) >= 20


def test_the_panel_costs_the_same_however_many_dispositions_and_cycles(
    organization: Any, client_for: Any, quality_manager: Any, django_assert_max_num_queries: Any
) -> None:
    nc = NonconformityFactory(organization=organization, cycle=3)
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc, cycle=3)
    DispositionFactory(organization=organization, nonconformity=nc)
    client = client_for(quality_manager)
    client.get(nc.get_absolute_url())
    with django_assert_max_num_queries(80) as few:
        assert client.get(nc.get_absolute_url()).status_code == 200
    for cycle in (1, 2):
        RootCauseAnalysisFactory(organization=organization, nonconformity=nc, cycle=cycle)
    for _ in range(15):
        DispositionFactory(organization=organization, nonconformity=nc)
    EightDReportFactory(organization=organization, nonconformity=nc)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(nc.get_absolute_url()).content.decode()
    assert body.count("data-voided") == 0 and "Cycle 1" in body and "Cycle 2" in body


def test_a_disposition_is_voided_on_its_page_with_a_reason_and_stays_listed(
    organization: Any, client_for: Any, quality_manager: Any, process_owner: Any
) -> None:
    disposition = DispositionFactory(organization=organization)
    client = client_for(quality_manager)
    page = client.get(disposition.get_absolute_url())
    assert page.status_code == 200 and "Void" in page.content.decode()
    url = reverse("nonconformities:disposition_transition", args=[disposition.pk, "void"])
    assert client.post(url, {"reason": ""}).status_code == 409
    assert client.post(url, {"reason": "Counted twice"}).status_code == 302
    disposition.refresh_from_db()
    assert disposition.status == "voided"
    listing = client.get(reverse("nonconformities:disposition_list")).content.decode()
    assert disposition.get_absolute_url() in listing
    assert client_for(process_owner).post(url, {"reason": "x"}).status_code in (403, 409)


def test_the_8d_report_page_and_its_edit_form(
    organization: Any, client_for: Any, quality_manager: Any, viewer: Any
) -> None:
    report = EightDReportFactory(organization=organization)
    client = client_for(quality_manager)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "D2 Problem description" in detail and "D8 Team recognition" in detail
    edit = reverse("nonconformities:eightdreport_edit", args=[report.pk])
    assert client.get(edit).status_code == 200
    early = client.post(edit, {"d2_problem": "x", "d2_date": "2020-01-01", "version": "1"})
    assert early.status_code == 400
    saved = client.post(
        edit, {"d2_problem": "Bores oversize", "d2_date": "2026-03-03", "version": "1"}
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.d2_problem == "Bores oversize" and report.version == 2
    assert client_for(viewer).get(edit).status_code == 403
    assert edit not in client_for(viewer).get(report.get_absolute_url()).content.decode()


def test_a_disposition_is_recorded_from_the_form_on_the_nc_page(
    organization: Any, client_for: Any, quality_manager: Any, owner: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, quantity_affected=Decimal("10"), quantity_unit="pcs"
    )
    client = client_for(quality_manager)
    body = client.get(nc.get_absolute_url()).content.decode()
    form = body.split("data-disposition-form", 1)[1].split("</form>", 1)[0]
    assert 'name="kind"' in form and 'id="disposition-quantity"' in form
    response = client.post(
        reverse("nonconformities:disposition_add"),
        {
            "nonconformity": nc.pk,
            "kind": "use_as_is",
            "quantity": "2.5",
            "authorised_by": owner.pk,
            "concession_reference": "CD-1",
            "decided_on": "2026-03-05",
        },
    )
    assert response.status_code == 302
    assert Disposition.objects.get(nonconformity=nc).authorised_by == owner
