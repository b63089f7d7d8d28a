from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from qms.objectives import services
from qms.objectives.models import Measurement
from qms.objectives.tests.factories import MeasurementFactory, QualityObjectiveFactory

pytestmark = pytest.mark.django_db

LIST = "/objectives/"
API = "/api/v1/objectives/"
API_MEASUREMENTS = "/api/v1/objective-measurements/"


def _with_measurements(objective: Any, actor: Any, values: list[str]) -> None:
    for month, value in enumerate(values, start=1):
        services.measurement_record(
            actor=actor, objective=objective, period=dt.date(2026, month, 1), value=D(value)
        )


def test_detail_shows_chart_measurements_and_panels(
    make_objective: Any, quality_manager: Any, client_for: Any
) -> None:
    objective = make_objective()
    _with_measurements(objective, quality_manager, ["81", "83", "84"])
    response = client_for(quality_manager).get(objective.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "value against target" in html
    assert 'id="measurements"' in html and "2026-03" in html
    assert "Record a measurement" in html
    assert 'data-performance="' in html
    # Numbers normalized with their unit (not "95.0000"), the axis not from zero.
    assert "0000" not in html
    assert "80%" in html and "95%" in html


def test_record_from_the_page_and_field_error_outside_the_period(
    make_objective: Any, quality_manager: Any, client_for: Any
) -> None:
    objective = make_objective()
    client = client_for(quality_manager)
    url = f"/objectives/{objective.pk}/measurements/add/"
    bad = client.post(url, {"period": "2027-02", "value": "90"})
    assert bad.status_code == 400
    assert "outside the objective" in bad.content.decode()
    assert not Measurement.objects.filter(objective=objective).exists()
    nan = client.post(url, {"period": "2026-02", "value": "ninety"})
    assert nan.status_code == 400
    ok = client.post(url, {"period": "2026-02", "value": "90"})
    assert ok.status_code == 302
    m = Measurement.objects.get(objective=objective)
    correct = client.post(f"/objectives/measurements/{m.pk}/correct/", {"value": "91"})
    assert correct.status_code == 400  # the reason is required
    correct = client.post(
        f"/objectives/measurements/{m.pk}/correct/", {"value": "91", "reason": "typo"}
    )
    assert correct.status_code == 302
    void = client.post(f"/objectives/measurements/{m.pk}/void/", {"reason": "duplicate"})
    assert void.status_code == 302
    m.refresh_from_db()
    assert m.voided and m.value == D("91")


def test_add_objective_form_errors_beside_fields(quality_manager: Any, client_for: Any) -> None:
    response = client_for(quality_manager).post(
        "/objectives/add/",
        {
            "title": "Yield",
            "owner": quality_manager.pk,
            "unit": "%",
            "direction": "higher",
            "target": "98",
            "start_date": "2026-06-01",
            "due_date": "2026-01-01",
            "frequency": "monthly",
            "tolerance_kind": "percent",
            "tolerance": "5",
            "source": "indicator",
            "indicator": "",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "due_date" in form.errors and "indicator" in form.errors


def test_another_organizations_objective_is_404(
    other_organization: Any, quality_manager: Any, client_for: Any, api_client_for: Any
) -> None:
    foreign = QualityObjectiveFactory(organization=other_organization)
    m = MeasurementFactory(objective=foreign)
    client = client_for(quality_manager)
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert client.post(f"/objectives/{foreign.pk}/measurements/add/", {}).status_code == 404
    assert client.get(f"/objectives/measurements/{m.pk}/void/").status_code == 404
    api = api_client_for(quality_manager)
    assert api.get(f"{API}{foreign.pk}/").status_code == 404
    body = {"objective": foreign.pk, "period": "2026-02", "value": "1"}
    assert api.post(API_MEASUREMENTS, body, format="json").status_code == 400


def test_list_page_budget_filters_and_export(
    organization: Any,
    quality_manager: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(quality_manager)
    objectives = QualityObjectiveFactory.create_batch(
        3, organization=organization, owner=quality_manager
    )
    client.get(LIST)
    with django_assert_max_num_queries(40) as few:
        assert client.get(LIST).status_code == 200
    many = QualityObjectiveFactory.create_batch(
        50, organization=organization, owner=quality_manager
    )
    for objective in many[:20]:
        MeasurementFactory(objective=objective, value=D("99"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST + "?per_page=100")
    assert response.status_code == 200
    on_track = client.get(LIST + "?performance=on_track&per_page=100")
    assert on_track.content.decode().count("On track") >= 20
    assert objectives[0].number not in on_track.content.decode()
    export = client.get(LIST + "?export=csv")
    assert export.status_code == 200
    text = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "Performance" in text and "Latest value" in text


def test_api_list_budget_with_latest_value_and_performance(
    organization: Any,
    quality_manager: Any,
    api_client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    api = api_client_for(quality_manager)
    QualityObjectiveFactory.create_batch(3, organization=organization, owner=quality_manager)
    api.get(API)
    with django_assert_max_num_queries(12) as few:
        assert api.get(API).status_code == 200
    many = QualityObjectiveFactory.create_batch(
        50, organization=organization, owner=quality_manager
    )
    MeasurementFactory(objective=many[0], value=D("99"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(API + "?page_size=100")
    assert response.status_code == 200
    rows = response.json()["results"]
    row = next(r for r in rows if r["id"] == many[0].pk)
    assert row["performance"] == "on_track" and D(row["latest_value"]) == 99


def test_api_create_transitions_and_measurements(
    make_objective: Any, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    bad = api.post(API, {"title": "x", "target": "n/a"}, format="json")
    assert bad.status_code == 400 and "target" in str(bad.json())
    created = api.post(
        API,
        {
            "title": "First-pass yield",
            "owner": quality_manager.pk,
            "unit": "%",
            "target": "97",
            "start_date": "2026-01-01",
            "due_date": "2026-12-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.post(f"{API}{pk}/transitions/activate/", {}, format="json").status_code == 200
    outside = api.post(
        API_MEASUREMENTS, {"objective": pk, "period": "2027-03", "value": "96"}, format="json"
    )
    assert outside.status_code == 400 and "period" in str(outside.json())
    nan = api.post(
        API_MEASUREMENTS, {"objective": pk, "period": "2026-03", "value": "lots"}, format="json"
    )
    assert nan.status_code == 400 and "value" in str(nan.json())
    ok = api.post(
        API_MEASUREMENTS, {"objective": pk, "period": "2026-03", "value": "96"}, format="json"
    )
    assert ok.status_code == 201, ok.json()
    refused = api.post(f"{API}{pk}/transitions/achieve/", {}, format="json")
    assert refused.status_code in (400, 409)  # a reason is required
    done = api.post(f"{API}{pk}/transitions/achieve/", {"reason": "97 % in Q3"}, format="json")
    assert done.status_code == 200, done.json()
    assert api.get(f"{API}{pk}/").json()["status"] == "achieved"
    listed = api.get(API_MEASUREMENTS + f"?objective={pk}")
    assert listed.status_code == 200 and len(listed.json()["results"]) == 1


def test_pdf_report_renders(make_objective: Any, quality_manager: Any, client_for: Any) -> None:
    objective = make_objective()
    _with_measurements(objective, quality_manager, ["81", "84"])
    from qms.objectives.pdf import report_context

    context = report_context(
        queryset=type(objective)
        .objects.for_organization(objective.organization)
        .filter(pk=objective.pk)
    )
    assert context["items"][0]["chart"] is not None
    response = client_for(quality_manager).get("/objectives/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_plan_actions_refused_on_a_cancelled_objective(make_objective: Any) -> None:
    from qms.actions.origins import origin_refusal

    assert origin_refusal(make_objective()) is None
    assert origin_refusal(make_objective(status="cancelled"))


def test_home_card_counts_link_to_the_filtered_list(
    make_objective: Any, quality_manager: Any, client_for: Any
) -> None:
    objective = make_objective()
    _with_measurements(objective, quality_manager, ["95"])
    response = client_for(quality_manager).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "performance=on_track" in html and "Quality objectives" in html
