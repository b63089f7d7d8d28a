"""An objective cannot support another organization's process or policy, and a measurement
import cannot touch another organization's objective: a message beside the field (form, API,
import row) and nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile

from qms.core.imports.services import import_run
from qms.documents.tests.factories import DocumentFactory
from qms.objectives.models import Measurement, QualityObjective
from qms.objectives.tests.factories import QualityObjectiveFactory
from qms.organizations.tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/objectives/"


@pytest.fixture
def foreign(other_organization: Any) -> dict[str, Any]:
    return {
        "processes": ProcessFactory(organization=other_organization),
        "policy": DocumentFactory(organization=other_organization, document_type="policy"),
    }


def _base(owner: Any) -> dict[str, Any]:
    return {
        "title": "Yield",
        "owner": owner.pk,
        "unit": "%",
        "direction": "higher",
        "target": "98",
        "start_date": "2026-01-01",
        "due_date": "2026-12-31",
        "frequency": "monthly",
        "tolerance_kind": "percent",
        "tolerance": "5",
        "source": "manual",
    }


@pytest.mark.parametrize("field", ["processes", "policy"])
def test_form_refuses_a_foreign_link(
    client_for: Any, quality_manager: Any, foreign: dict[str, Any], field: str
) -> None:
    value = foreign[field].pk
    data = {**_base(quality_manager), field: [value] if field == "processes" else value}
    response = client_for(quality_manager).post("/objectives/add/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not QualityObjective.objects.exists()


@pytest.mark.parametrize("field", ["processes", "policy"])
def test_api_refuses_a_foreign_link(
    api_client_for: Any, quality_manager: Any, foreign: dict[str, Any], field: str
) -> None:
    value = foreign[field].pk
    data = {**_base(quality_manager), field: [value] if field == "processes" else value}
    response = api_client_for(quality_manager).post(API, data, format="json")
    assert response.status_code == 400
    assert field in response.json() or field in str(response.json())
    assert not QualityObjective.objects.exists()


def test_import_cannot_touch_another_organizations_objective(
    organization: Any, other_organization: Any, quality_manager: Any
) -> None:
    theirs = QualityObjectiveFactory(organization=other_organization, number="OBJ-2026-900")
    upload = ContentFile(
        b"objective,period,value,note\nOBJ-2026-900,2026-02,50,\n", name="measurements.csv"
    )
    report = import_run(
        actor=quality_manager,
        organization=organization,
        importer_kind="objectives.measurements",
        upload=upload,
        dry_run=False,
    )
    assert report.has_errors
    [bad] = report.error_rows
    assert "objective" in bad.errors
    assert not Measurement.objects.filter(objective=theirs).exists()
    assert not Measurement.objects.filter(period=dt.date(2026, 2, 1)).exists()


def test_a_batch_write_refuses_another_organizations_objective(
    organization: Any, other_organization: Any, quality_manager: Any
) -> None:
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from qms.objectives import services

    theirs = QualityObjectiveFactory(organization=other_organization)
    with pytest.raises(ValidationError) as error:
        services.measurements_write(
            actor=quality_manager,
            organization=organization,
            rows=[services.Row(objective=theirs, period=dt.date(2026, 2, 1), value=Decimal(1))],
            source="import",
        )
    assert "objective" in error.value.message_dict
    assert not Measurement.objects.filter(objective=theirs).exists()
