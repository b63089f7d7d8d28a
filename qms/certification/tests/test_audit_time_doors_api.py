"""The audit-time API: the stateless calculation (the CLI's JSON, figure for figure), stored
calculations (list, read, store; never changed), 400 with field errors and nothing stored,
who may do what, and the list's query budget."""

# ruff: noqa: F811  (the shared fixtures are imported by name, then requested as arguments)

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.certification.audit_time import services
from qms.certification.models import AuditTimeCalculation
from qms.certification.tests.factories import ApplicationFactory, ClientFactory

from .test_audit_time_doors_fixtures import (  # noqa: F401  (fixtures)
    INTERPRETER,
    WORKED_FIGURES,
    acme_client,
    cb_auditor,
    cert_manager,
    cli_json,
    figures,
    iso9001,
    iso14001,
    md5_tables,
    tech_reviewer,
    their_manager,
    worked_api,
    worked_cli,
)

pytestmark = pytest.mark.django_db

CALCULATE = "/api/v1/certification/audit-time/calculate/"
STORED = "/api/v1/certification/audit-time-calculations/"


def _stored(organization: Any) -> int:
    return AuditTimeCalculation.objects.for_organization(organization).count()


def test_calculate_answers_the_worked_example_as_the_cli_does(
    api_client_for: Any, organization: Any, tech_reviewer: Any, md5_tables: None
) -> None:
    response = api_client_for(tech_reviewer).post(CALCULATE, worked_api(), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    for key, value in WORKED_FIGURES.items():
        assert body[key] == value, key
    assert body["enp"] == 67
    assert body["justification"][0].startswith("Effective number of personnel (ENP): 58")
    assert figures(body) == figures(worked_cli())
    # ENP given directly: the same figures as the CLI's --enp 67
    direct = api_client_for(tech_reviewer).post(
        CALCULATE, worked_api(personnel=None, enp=67), format="json"
    )
    assert direct.status_code == 200, direct.json()
    cli = cli_json(
        "--standard",
        "iso9001",
        "--enp",
        "67",
        "--factor",
        f"interpreter=+5:{INTERPRETER}",
        "--factor",
        "mature=-10:Mature system, certified to ISO 14001 by us since 2019.",
    )
    assert figures(direct.json()) == figures(cli)
    assert _stored(organization) == 0


def test_calculate_takes_edition_ids_and_integrated_audits(
    api_client_for: Any, tech_reviewer: Any, iso9001: Any, iso14001: Any
) -> None:
    body = worked_api(standards=[iso9001.pk, iso14001.pk], integration_reduction_pct=10)
    response = api_client_for(tech_reviewer).post(CALCULATE, body, format="json")
    assert response.status_code == 200, response.json()
    result = response.json()
    assert [part["standard"] for part in result["standards"]] == ["ISO 9001", "ISO 14001"]
    cli = worked_cli("--standard", "iso14001", "--integration", "10")
    assert figures(result) == figures(cli)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"personnel": {"full_time": -3}}, "personnel", "full_time: Full-time personnel cannot"),
        (
            {"factors": [{"code": "interpreter", "pct": 5, "justification": ""}]},
            "factors",
            "Say why this factor applies",
        ),
        (
            {
                "factors": [
                    {"code": "mature", "pct": -20, "justification": "Mature."},
                    {"code": "low_risk", "pct": -15, "justification": "Low risk."},
                ]
            },
            "factors",
            "more than the 30 %",
        ),
        ({"complexity": "extreme"}, "complexity", "not a category of Table QMS 1"),
        ({"personnel": None, "enp": 12000}, "manual_days", "enter the audit time by hand"),
        ({"standards": ["iso27001"]}, "standards", "ISO/IEC 27006-1"),
        ({"integration_reduction_pct": 10}, "integration_reduction_pct", "two or more"),
        ({"colour": "blue"}, "colour", "Unknown field"),
        ({"personnel": {"full_time": 58, "overtime": 3}}, "personnel", "overtime: Unknown"),
    ],
)
def test_bad_input_is_a_400_with_the_field_named_and_nothing_stored(
    api_client_for: Any,
    organization: Any,
    cert_manager: Any,
    md5_tables: None,
    changes: dict[str, Any],
    field: str,
    words: str,
) -> None:
    client = api_client_for(cert_manager)
    for url in (CALCULATE, STORED):
        response = client.post(url, worked_api(**changes), format="json")
        assert response.status_code == 400, (url, response.json())
        errors = response.json()["errors"]
        assert field in errors, (url, errors)
        assert words in " ".join(errors[field]), (url, errors)
    assert _stored(organization) == 0


def test_the_cap_box_holds_an_over_cap_reduction(
    api_client_for: Any, cert_manager: Any, md5_tables: None
) -> None:
    factors = [
        {"code": "mature", "pct": -20, "justification": "Mature."},
        {"code": "low_risk", "pct": -15, "justification": "Low risk."},
    ]
    response = api_client_for(cert_manager).post(
        CALCULATE, worked_api(factors=factors, apply_reduction_cap=True), format="json"
    )
    assert response.status_code == 200
    assert response.json()["t_adjusted"] == pytest.approx(4.2)
    cli = worked_cli("--apply-reduction-cap")  # the CLI's worked example is not capped
    assert cli["caps_applied"] == []


def test_store_then_read_never_change(
    api_client_for: Any, organization: Any, cert_manager: Any, md5_tables: None
) -> None:
    client_record = ClientFactory(organization=organization)
    application = ApplicationFactory(organization=organization, client=client_record)
    client = api_client_for(cert_manager)
    created = client.post(STORED, worked_api(application=application.pk), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["number"].startswith("AT-") and body["t_final"] == "5.5"
    assert body["client"] == client_record.pk and body["application"] == application.pk
    assert body["result"]["t_final"] == 5.5
    read = client.get(f"{STORED}{body['id']}/")
    assert read.status_code == 200 and read.json()["result"] == body["result"]
    listed = client.get(STORED).json()
    assert [row["number"] for row in listed["results"]] == [body["number"]]
    assert "result" not in listed["results"][0]  # a slim list
    assert client.patch(f"{STORED}{body['id']}/", {"audit_type": "surveillance"}).status_code == 405
    assert client.delete(f"{STORED}{body['id']}/").status_code == 405


def test_store_refuses_a_client_other_than_the_applications(
    api_client_for: Any, organization: Any, cert_manager: Any, md5_tables: None
) -> None:
    application = ApplicationFactory(organization=organization)
    other = ClientFactory(organization=organization)
    response = api_client_for(cert_manager).post(
        STORED, worked_api(application=application.pk, client=other.pk), format="json"
    )
    assert response.status_code == 400
    assert "client" in response.json()["errors"]
    assert _stored(organization) == 0


def test_store_refuses_another_organizations_application(
    api_client_for: Any,
    organization: Any,
    other_organization: Any,
    cert_manager: Any,
    md5_tables: None,
) -> None:
    theirs = ApplicationFactory(organization=other_organization)
    response = api_client_for(cert_manager).post(
        STORED, worked_api(application=theirs.pk), format="json"
    )
    assert response.status_code == 400
    assert "application" in response.json()["errors"]


def test_permissions(
    api_client_for: Any,
    organization: Any,
    cert_manager: Any,
    cb_auditor: Any,
    their_manager: Any,
    md5_tables: None,
) -> None:
    calculation = services.audit_time_calculation_create(
        actor=cert_manager, organization=organization, inputs=worked_api()
    )
    detail = f"{STORED}{calculation.pk}/"
    # anonymous
    anonymous = api_client_for(None)
    assert anonymous.get(STORED).status_code == 401
    assert anonymous.post(CALCULATE, worked_api(), format="json").status_code == 401
    # another organization: not found
    assert api_client_for(their_manager).get(detail).status_code == 404
    # a member who may read but not calculate
    auditor = api_client_for(cb_auditor)
    assert auditor.get(detail).status_code == 200
    assert auditor.post(CALCULATE, worked_api(), format="json").status_code == 403
    assert auditor.post(STORED, worked_api(), format="json").status_code == 403
    # the manager calculates
    assert (
        api_client_for(cert_manager).post(CALCULATE, worked_api(), format="json").status_code == 200
    )
    assert _stored(organization) == 1


def test_the_list_costs_the_same_for_2_and_22_calculations(
    api_client_for: Any,
    organization: Any,
    cert_manager: Any,
    md5_tables: None,
    django_assert_max_num_queries: Any,
) -> None:
    client = api_client_for(cert_manager)
    record = ClientFactory(organization=organization)
    for _ in range(2):
        services.audit_time_calculation_create(
            actor=cert_manager, organization=organization, inputs=worked_api(), client=record
        )
    client.get(STORED)
    with CaptureQueriesContext(connection) as few:
        assert client.get(STORED).status_code == 200
    for _ in range(20):
        services.audit_time_calculation_create(
            actor=cert_manager, organization=organization, inputs=worked_api(), client=record
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(STORED, {"page_size": 50})
    assert len(response.json()["results"]) == 22


def test_manual_days_that_are_not_numbers_are_a_400_with_the_example(
    api_client_for: Any, tech_reviewer: Any, md5_tables: None
) -> None:
    body = {**worked_api(), "manual_days": {"iso9001": {"nested": True}}}
    response = api_client_for(tech_reviewer).post(CALCULATE, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["manual_days"] == [
        'Give a number of days, or one per standard: {"iso9001": 23}.'
    ]
