"""Pages of the register: list (filters, search, export, age), report form (an employee may
report; a viewer may not), detail (sections, panels, why a step is blocked), edit (clauses,
stale version), the PDF report and the Improvement dashboard."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.nonconformities.models import Nonconformity
from qms.nonconformities.services import nonconformity_create
from qms.standards.selectors import clauses_for_subject
from qms.standards.tests.factories import ClauseFactory, EditionFactory, OrganizationStandardFactory

pytestmark = pytest.mark.django_db

LIST = reverse("nonconformities:nonconformity_list")
ADD = reverse("nonconformities:nonconformity_add")


@pytest.fixture
def clauses(organization: Any) -> list[Any]:
    edition = EditionFactory()
    OrganizationStandardFactory(organization=organization, edition=edition)
    return [
        ClauseFactory(edition=edition, number="8.7", title="Control of nonconforming outputs"),
        ClauseFactory(edition=edition, number="10.2", title="Nonconformity and corrective action"),
    ]


def report(organization: Any, actor: Any, **data: Any) -> Nonconformity:
    values = {
        "title": "Burr on flange",
        "description": "Flange edge not deburred on 12 parts.",
        "source": "product_inspection",
        "severity": "minor",
        "detected_on": timezone.localdate() - dt.timedelta(days=40),
        **data,
    }
    return nonconformity_create(actor=actor, organization=organization, data=values)


def form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Wrong label on box",
        "description": "Box 12 carried the label of box 13.",
        "source": "product_inspection",
        "severity": "minor",
        "detected_on": "2026-05-04",
        **extra,
    }


def test_an_employee_reports_a_nonconformity_with_its_clauses(
    client_for, employee, organization, clauses
):
    response = client_for(employee).post(ADD, form(clauses=[clauses[0].pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    nc = Nonconformity.objects.for_organization(organization).get()
    assert nc.number == "NC-2026-0001" and nc.reported_by == employee
    assert clauses_for_subject(subject=nc) == [clauses[0]]
    page = client_for(employee).get(nc.get_absolute_url()).content.decode()
    assert "Control of nonconforming outputs" in page


def test_bad_input_shows_beside_the_field_and_writes_nothing(client_for, employee, organization):
    response = client_for(employee).post(ADD, form(severity="catastrophic", title=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "severity" in html and "This field is required" in html
    assert not Nonconformity.objects.for_organization(organization).exists()


def test_a_viewer_may_read_but_not_report(client_for, viewer, organization, employee):
    nc = report(organization, employee)
    client = client_for(viewer)
    assert client.get(LIST).status_code == 200
    assert client.get(nc.get_absolute_url()).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form()).status_code == 403
    edit = reverse("nonconformities:nonconformity_edit", args=[nc.pk])
    assert client.get(edit).status_code == 403


def test_another_organizations_nonconformity_is_404(client_for, outsider, organization, employee):
    nc = report(organization, employee)
    client = client_for(outsider)
    for url in (
        nc.get_absolute_url(),
        reverse("nonconformities:nonconformity_edit", args=[nc.pk]),
        reverse("nonconformities:nonconformity_pdf", args=[nc.pk]),
        reverse("nonconformities:nonconformity_transition", args=[nc.pk, "close"]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_register_lists_filters_searches_and_shows_the_age(
    client_for, quality_manager, organization, employee
):
    report(organization, employee, title="Crack in setting ring", severity="major")
    report(organization, employee, title="Label swapped")
    client = client_for(quality_manager)
    html = client.get(LIST).content.decode()
    assert "Crack in setting ring" in html and "Label swapped" in html
    assert "40 days" in html
    major = client.get(LIST, {"severity": "major"}).content.decode()
    assert "Crack in setting ring" in major and "Label swapped" not in major
    found = client.get(LIST, {"q": "setting"}).content.decode()
    assert "Crack in setting ring" in found and "Label swapped" not in found
    closed = client.get(LIST, {"state": "closed"}).content.decode()
    assert "No nonconformities match" in closed


def test_the_register_exports_what_is_filtered(client_for, quality_manager, organization, employee):
    report(organization, employee, title="Crack in setting ring", severity="major")
    report(organization, employee, title="Label swapped")
    response = client_for(quality_manager).get(LIST, {"severity": "major", "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Number", "Title", "Severity"]
    assert [row[1] for row in rows[1:]] == ["Crack in setting ring"]
    xlsx = client_for(quality_manager).get(LIST, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_an_employee_may_not_export(client_for, employee):
    assert client_for(employee).get(LIST, {"export": "csv"}).status_code == 403


def test_the_detail_page_has_its_sections(client_for, quality_manager, organization, employee):
    nc = report(organization, employee, containment="Quarantined.", correction="Reworked.")
    html = client_for(quality_manager).get(nc.get_absolute_url()).content.decode()
    for text in (
        "Containment and correction",
        "Quarantined.",
        "Corrective actions",
        "Corrections",
        "Effectiveness checks",
        "Clauses not fulfilled",
        "PDF report",
        "History",
        "Record containment",
    ):
        assert text in html, text
    assert 'style="' not in html


def test_a_closed_nonconformity_offers_no_edit(client_for, quality_manager, organization, employee):
    nc = report(organization, employee)
    Nonconformity.objects.filter(pk=nc.pk).update(status="closed")
    html = client_for(quality_manager).get(nc.get_absolute_url()).content.decode()
    assert ">Edit<" not in html


def test_a_stale_edit_is_refused_with_what_changed(
    client_for, quality_manager, organization, employee
):
    nc = report(organization, employee)
    edit = reverse("nonconformities:nonconformity_edit", args=[nc.pk])
    client = client_for(quality_manager)
    data = form(version=1, title="First")
    assert client.post(edit, data).status_code == 302
    response = client.post(edit, form(version=1, title="Second"))
    assert response.status_code == 409
    assert "Someone else saved" in response.content.decode()


def test_the_reporter_may_complete_their_report_and_no_one_elses(
    client_for, employee, auditor, organization
):
    mine = report(organization, employee)
    theirs = report(organization, auditor)
    client = client_for(employee)
    assert (
        client.get(reverse("nonconformities:nonconformity_edit", args=[mine.pk])).status_code == 200
    )
    assert (
        client.get(reverse("nonconformities:nonconformity_edit", args=[theirs.pk])).status_code
        == 403
    )


def test_the_pdf_report(client_for, viewer, organization, employee):
    nc = report(organization, employee)
    response = client_for(viewer).get(reverse("nonconformities:nonconformity_pdf", args=[nc.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_improvement_dashboard(client_for, quality_manager, viewer, organization, employee):
    report(organization, employee, severity="major")
    url = reverse("core:dashboard_page", args=["improvement"])
    html = client_for(viewer).get(url).content.decode()
    assert "Open nonconformities by age" in html
    assert "Open nonconformities by process" in html
    assert "Mean time to close" in html
    assert "Repeat nonconformities" in html
    home = client_for(quality_manager).get(reverse("core:dashboard")).content.decode()
    assert "Open nonconformities" in home


def test_the_list_page_query_budget(
    client_for, quality_manager, organization, employee, django_assert_max_num_queries
):
    for index in range(30):
        report(organization, employee, title=f"NC {index}")
    client = client_for(quality_manager)
    client.get(LIST)
    with django_assert_max_num_queries(14):
        assert client.get(LIST, {"per_page": 25}).status_code == 200


def test_the_effectiveness_check_register(client_for, viewer, organization):
    from .factories import EffectivenessCheckFactory, NonconformityFactory

    nc = NonconformityFactory(organization=organization)
    check = EffectivenessCheckFactory(nonconformity=nc, organization=organization)
    client = client_for(viewer)
    html = client.get(reverse("nonconformities:effectivenesscheck_list")).content.decode()
    assert nc.number in html
    assert client.get(check.get_absolute_url()).status_code == 200
