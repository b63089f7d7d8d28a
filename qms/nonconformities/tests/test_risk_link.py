"""The link from a nonconformity to the risk register: the field (form and API, another
organization's risk refused), the filter, the export, the PDF, the recurrence prompt (once
per NC) and the linked-records panel of the risk page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.core.audit import AuditEvent
from qms.core.testing.factories import ModelFactory
from qms.nonconformities.models import Nonconformity
from qms.nonconformities.pdf import report_context
from qms.nonconformities.selectors import nonconformities_of_risk
from qms.nonconformities.services import nonconformity_create, nonconformity_update
from qms.risks.models import Risk, RiskReviewPrompt

from .factories import NonconformityFactory

pytestmark = pytest.mark.django_db

NCS = reverse("api:nonconformities-nonconformity-list")
LIST = reverse("nonconformities:nonconformity_list")
ADD = reverse("nonconformities:nonconformity_add")


class RiskFactory(ModelFactory):
    class Meta:
        model = Risk

    number = factory.Sequence(lambda n: f"RSK-2026-{n + 101:04d}")
    kind = "risk"
    title = factory.Sequence(lambda n: f"Risk {n}")


@pytest.fixture
def risk(organization: Any, quality_manager: Any) -> Risk:
    return RiskFactory(
        organization=organization,
        owner=quality_manager,
        title="Reference gauges used past their calibration due date",
    )


def body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Gauge past due",
        "description": "Plug gauge 12H7 used two weeks after its due date.",
        "source": "process_monitoring",
        "severity": "minor",
        "detected_on": "2026-06-01",
        **extra,
    }


def report(organization: Any, actor: Any, **extra: Any) -> Nonconformity:
    data = body(**extra)
    data["detected_on"] = dt.date.fromisoformat(str(data["detected_on"]))
    return nonconformity_create(actor=actor, organization=organization, data=data)


# --- The field ------------------------------------------------------------------------------


def test_the_form_offers_only_open_risks_of_the_organization(
    client_for, employee, organization, other_organization, quality_manager, risk, outsider
):
    foreign = RiskFactory(organization=other_organization, owner=outsider)
    chance = RiskFactory(organization=organization, owner=quality_manager, kind="opportunity")
    closed = RiskFactory(organization=organization, owner=quality_manager, status="closed")
    client = client_for(employee)
    page = client.get(ADD).content.decode()
    assert risk.number in page
    for other in (foreign, chance, closed):
        assert other.number not in page
        response = client.post(ADD, body(risk=other.pk))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not Nonconformity.objects.for_organization(organization).exists()
    assert client.post(ADD, body(risk=risk.pk)).status_code == 302
    assert Nonconformity.objects.for_organization(organization).get().risk == risk


def test_the_api_reads_and_writes_the_risk_and_refuses_anothers(
    api_client_for, employee, organization, other_organization, outsider, risk
):
    client = api_client_for(employee)
    foreign = RiskFactory(organization=other_organization, owner=outsider)
    refused = client.post(NCS, body(risk=foreign.pk), format="json")
    assert refused.status_code == 400 and "risk" in refused.json()["errors"]
    chance = RiskFactory(organization=organization, owner=outsider, kind="opportunity")
    refused = client.post(NCS, body(risk=chance.pk), format="json")
    assert refused.status_code == 400 and "risk" in refused.json()["errors"]
    assert not Nonconformity.objects.for_organization(organization).exists()

    created = client.post(NCS, body(risk=risk.pk), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["risk"], data["risk_number"], data["risk_title"]) == (
        risk.pk,
        risk.number,
        risk.title,
    )
    assert data["risk_reference"] == ""
    rows = client.get(NCS, {"risk": risk.pk}).json()["results"]
    assert [row["number"] for row in rows] == [data["number"]]  # rows stay narrow
    other = RiskFactory(organization=organization, owner=risk.owner)
    assert client.get(NCS, {"risk": other.pk}).json()["results"] == []


def test_a_closed_risk_stays_valid_on_the_nc_that_points_at_it(organization, quality_manager, risk):
    nc = report(organization, quality_manager, risk=risk)
    Risk.objects.filter(pk=risk.pk).update(status="closed")
    nc = nonconformity_update(actor=quality_manager, instance=nc, data={"title": "Renamed"})
    assert nc.risk_id == risk.pk


def test_the_export_pdf_and_search_show_the_risk(client_for, quality_manager, organization, risk):
    nc = report(organization, quality_manager, risk=risk)
    response = client_for(quality_manager).get(LIST, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("Risk")
    assert rows[1][column] == risk.number
    context = report_context(nonconformity=nc)
    assert context["risk"] == risk
    assert client_for(quality_manager).get(LIST, {"q": risk.number}).status_code == 200
    from qms.core.search import search_filter

    found = search_filter(Nonconformity.objects.for_organization(organization), risk.number)
    assert list(found) == [nc]


def test_the_detail_page_shows_the_risk_and_an_earlier_text_only_when_there_is_one(
    client_for, quality_manager, organization, risk
):
    nc = NonconformityFactory(organization=organization, risk=risk)
    page = client_for(quality_manager).get(nc.get_absolute_url()).content.decode()
    assert risk.get_absolute_url() in page and risk.title in page
    assert "earlier free text" not in page
    Nonconformity.objects.filter(pk=nc.pk).update(risk_reference="R-2019-7 (old sheet)")
    page = client_for(quality_manager).get(nc.get_absolute_url()).content.decode()
    assert "R-2019-7 (old sheet)" in page and "data-recurrence" not in page


# --- Recurrence prompts a review of the risk --------------------------------------------------


def prompts(risk: Risk) -> list[str]:
    return list(RiskReviewPrompt.objects.filter(risk=risk).values_list("source_label", flat=True))


def test_a_recurring_nc_prompts_a_review_once(
    client_for, organization, quality_manager, risk, settings
):
    settings.RISKS_RECURRENCE_MONTHS = 12
    first = report(organization, quality_manager, risk=risk, detected_on="2025-06-01")
    assert prompts(risk) == []  # alone, not recurring
    second = report(organization, quality_manager, risk=risk, detected_on="2026-06-01")
    assert prompts(risk) == [second.number]
    event = AuditEvent.objects.filter(event_type="risk.review_prompted").get()
    assert event.data["reason"] == (
        f"Recurring nonconformity: {first.number} and {second.number} within 12 months"
    )
    assert Risk.objects.get(pk=risk.pk).next_review_on == timezone.localdate()

    # Edits that leave the risk alone prompt nothing; setting it again is ignored by source.
    second = nonconformity_update(actor=quality_manager, instance=second, data={"title": "X"})
    other = RiskFactory(organization=organization, owner=quality_manager)
    second = nonconformity_update(actor=quality_manager, instance=second, data={"risk": other})
    second = nonconformity_update(actor=quality_manager, instance=second, data={"risk": risk})
    assert prompts(risk) == [second.number] and prompts(other) == []

    page = client_for(quality_manager).get(second.get_absolute_url()).content.decode()
    assert "data-recurrence" in page and "Recurring against risk" in page
    assert risk.number in page
    page = client_for(quality_manager).get(first.get_absolute_url()).content.decode()
    assert "data-recurrence" not in page


def test_an_nc_just_outside_the_window_does_not_recur(organization, quality_manager, risk):
    report(organization, quality_manager, risk=risk, detected_on="2025-05-31")
    report(organization, quality_manager, risk=risk, detected_on="2026-06-01")
    assert prompts(risk) == []


def test_setting_the_risk_later_prompts(organization, quality_manager, risk):
    report(organization, quality_manager, risk=risk, detected_on="2026-05-01")
    nc = report(organization, quality_manager, detected_on="2026-06-01")
    assert prompts(risk) == []
    nonconformity_update(actor=quality_manager, instance=nc, data={"risk": risk})
    assert prompts(risk) == [nc.number]


# --- The risk page's panel ----------------------------------------------------------------


def test_the_risk_panel_lists_the_ncs_newest_first_in_one_query(organization, risk):
    for day in range(1, 26):
        NonconformityFactory(
            organization=organization, risk=risk, detected_on=dt.date(2026, 3, day)
        )
    NonconformityFactory(organization=organization)  # no risk
    with CaptureQueriesContext(connection) as captured:
        records = nonconformities_of_risk(risk)
    assert len(captured) == 1
    assert len(records) == 20
    assert records[0].on == dt.date(2026, 3, 25) and records[-1].on == dt.date(2026, 3, 6)
    assert records[0].status == "Reported" and records[0].url.startswith("/nonconformities/")


def test_the_panel_is_registered():
    from qms.risks.links import link_sources

    assert "nonconformities" in [source.name for source in link_sources()]
