"""API: create/update analyses with bad shapes (400 per step), 8D reports, dispositions
(no update or delete, void with a reason), 404 across organizations, query budgets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qms.core.audit import AuditEvent
from qms.nonconformities.analysis.models import Disposition, EightDReport, RootCauseAnalysis
from qms.nonconformities.tests.factories import NonconformityFactory

from .factories import WHYS, DispositionFactory, EightDReportFactory, RootCauseAnalysisFactory

pytestmark = pytest.mark.django_db

ANALYSES = "/api/v1/nonconformities/analyses/"
EIGHT_D = "/api/v1/nonconformities/eight-d-reports/"
DISPOSITIONS = "/api/v1/nonconformities/dispositions/"


@pytest.fixture
def api(api_client_for: Any, quality_manager: Any) -> Any:
    return api_client_for(quality_manager)


def test_an_analysis_is_created_and_read(organization: Any, api: Any) -> None:
    nc = NonconformityFactory(organization=organization)
    body = {
        "nonconformity": nc.pk,
        "five_whys": WHYS,
        "ishikawa": {"machine": ["Worn tool"]},
        "root_cause": "Tool life not tracked",
        "cause_category": "method",
    }
    created = api.post(ANALYSES, body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["cycle"] == 1 and data["nonconformity_number"] == nc.number
    assert data["ishikawa"]["man"] == [] and data["ishikawa"]["machine"] == ["Worn tool"]
    read = api.get(f"{ANALYSES}{data['id']}/")
    assert read.status_code == 200 and read["ETag"] == '"1"'


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("five_whys", []),
        ("five_whys", [{"why": "", "answer": ""}]),
        ("five_whys", [{"why": "W", "answer": "A"}] * 11),
        ("five_whys", "not a list"),
        ("five_whys", [{"why": 1, "answer": ["x"]}]),
        ("five_whys", [None]),
        ("ishikawa", {"money": ["x"]}),
        ("ishikawa", {"man": [1, 2]}),
        ("ishikawa", {"man": "x"}),
        ("ishikawa", ["man"]),
        ("cause_category", "money"),
        ("cause_category", 3),
        ("root_cause", {"x": 1}),
        ("nonconformity", "abc"),
        ("nonconformity", 1.5),
    ],
)
def test_a_bad_shape_is_a_400_beside_the_field_and_nothing_is_written(
    organization: Any, api: Any, field: str, value: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    body = {"nonconformity": nc.pk, "five_whys": WHYS, field: value}
    before = AuditEvent.objects.count()
    response = api.post(ANALYSES, body, format="json")
    assert response.status_code == 400, response.content
    payload = response.json()
    assert payload["code"] == "invalid" and field in payload["errors"]
    assert not RootCauseAnalysis.objects.exists()
    assert AuditEvent.objects.count() == before


def test_each_bad_step_is_named(organization: Any, api: Any) -> None:
    nc = NonconformityFactory(organization=organization)
    whys = [{"why": "W", "answer": "A"}, {"why": " ", "answer": "A"}]
    response = api.post(ANALYSES, {"nonconformity": nc.pk, "five_whys": whys}, format="json")
    assert response.json()["errors"]["five_whys"] == ["Step 2: the why is empty."]


def test_unknown_fields_and_a_moved_nonconformity_are_refused(organization: Any, api: Any) -> None:
    analysis = RootCauseAnalysisFactory(organization=organization)
    url = f"{ANALYSES}{analysis.pk}/"
    assert api.patch(url, {"colour": "red"}, format="json").status_code == 400
    moved = api.patch(url, {"nonconformity": 5}, format="json")
    assert moved.status_code == 400
    ok = api.patch(url, {"root_cause": "Better", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(url, {"root_cause": "Again", "version": 1}, format="json")
    assert stale.status_code == 409


def test_an_earlier_cycle_or_a_closed_nc_is_a_409(organization: Any, api: Any) -> None:
    nc = NonconformityFactory(organization=organization, cycle=2)
    earlier = RootCauseAnalysisFactory(organization=organization, nonconformity=nc, cycle=1)
    response = api.patch(f"{ANALYSES}{earlier.pk}/", {"root_cause": "x"}, format="json")
    assert response.status_code == 409
    closed = NonconformityFactory(organization=organization, status="closed")
    response = api.post(ANALYSES, {"nonconformity": closed.pk, "five_whys": WHYS}, format="json")
    assert response.status_code == 409


def test_another_organizations_records_are_not_found(
    organization: Any, other_organization: Any, api: Any
) -> None:
    theirs = RootCauseAnalysisFactory(organization=other_organization)
    assert api.get(f"{ANALYSES}{theirs.pk}/").status_code == 404
    assert (
        api.patch(f"{ANALYSES}{theirs.pk}/", {"root_cause": "x"}, format="json").status_code == 404
    )
    their_nc = NonconformityFactory(organization=other_organization)
    response = api.post(ANALYSES, {"nonconformity": their_nc.pk, "five_whys": WHYS}, format="json")
    assert response.status_code == 400 and "nonconformity" in response.json()["errors"]
    assert (
        api.get(f"{EIGHT_D}{EightDReportFactory(organization=other_organization).pk}/").status_code
        == 404
    )
    assert (
        api.get(
            f"{DISPOSITIONS}{DispositionFactory(organization=other_organization).pk}/"
        ).status_code
        == 404
    )


def test_a_process_owner_writes_only_for_the_ncs_they_manage(
    organization: Any, api_client_for: Any, process_owner: Any
) -> None:
    api = api_client_for(process_owner)
    theirs = NonconformityFactory(organization=organization, owner=process_owner)
    other = NonconformityFactory(organization=organization)
    ok = api.post(ANALYSES, {"nonconformity": theirs.pk, "five_whys": WHYS}, format="json")
    assert ok.status_code == 201
    refused = api.post(ANALYSES, {"nonconformity": other.pk, "five_whys": WHYS}, format="json")
    assert refused.status_code == 403


def test_a_viewer_reads_and_writes_nothing(
    organization: Any, api_client_for: Any, viewer: Any
) -> None:
    api = api_client_for(viewer)
    nc = NonconformityFactory(organization=organization)
    assert api.get(ANALYSES).status_code == 200
    assert (
        api.post(ANALYSES, {"nonconformity": nc.pk, "five_whys": WHYS}, format="json").status_code
        == 403
    )
    assert api.post(DISPOSITIONS, {}, format="json").status_code == 403
    assert api.post(EIGHT_D, {}, format="json").status_code == 403


def test_an_8d_report_is_created_prefilled_once_per_nc(organization: Any, api: Any) -> None:
    nc = NonconformityFactory(organization=organization, correction="Reworked 3 housings")
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    created = api.post(EIGHT_D, {"nonconformity": nc.pk, "d1_team": "QM"}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert "Reworked 3 housings" in data["d3_containment"]
    assert data["d4_root_cause"].startswith("Tool life")
    again = api.post(EIGHT_D, {"nonconformity": nc.pk}, format="json")
    assert again.status_code == 400
    early = api.patch(f"{EIGHT_D}{data['id']}/", {"d3_date": "2020-01-01"}, format="json")
    assert early.status_code == 400 and "d3_date" in early.json()["errors"]
    assert EightDReport.objects.count() == 1


def test_dispositions_are_created_never_changed_and_voided_with_a_reason(
    organization: Any, api: Any, owner: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, quantity_affected=Decimal("10"), quantity_unit="pcs"
    )
    body = {
        "nonconformity": nc.pk,
        "kind": "use_as_is",
        "quantity": "4",
        "decided_on": "2026-03-05",
    }
    missing = api.post(DISPOSITIONS, body, format="json")
    assert missing.status_code == 400 and "authorised_by" in missing.json()["errors"]
    for bad in ("0", "-2", "abc", "11"):
        response = api.post(
            DISPOSITIONS, {**body, "authorised_by": owner.pk, "quantity": bad}, format="json"
        )
        assert response.status_code == 400 and "quantity" in response.json()["errors"], bad
    created = api.post(DISPOSITIONS, {**body, "authorised_by": owner.pk}, format="json")
    assert created.status_code == 201, created.json()
    url = f"{DISPOSITIONS}{created.json()['id']}/"
    assert api.patch(url, {"quantity": "1"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    no_reason = api.post(f"{url}transitions/void/", {}, format="json")
    assert no_reason.status_code == 409
    voided = api.post(f"{url}transitions/void/", {"reason": "Wrong batch"}, format="json")
    assert voided.status_code == 200 and voided.json()["status"] == "voided"
    assert Disposition.objects.count() == 1


@pytest.mark.parametrize("url", [ANALYSES, EIGHT_D, DISPOSITIONS])
def test_api_lists_cost_the_same_for_many_rows(
    url: str, organization: Any, api: Any, django_assert_max_num_queries: Any
) -> None:
    make = {
        ANALYSES: RootCauseAnalysisFactory,
        EIGHT_D: EightDReportFactory,
        DISPOSITIONS: DispositionFactory,
    }[url]
    make(organization=organization)
    api.get(url)
    with django_assert_max_num_queries(12) as few:
        assert api.get(url).status_code == 200
    for _ in range(25):
        make(organization=organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(url)
    assert len(response.json()["results"]) == 26
