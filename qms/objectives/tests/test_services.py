from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from qms.core.audit import AuditEvent
from qms.core.errors import Conflict
from qms.core.imports.services import import_run
from qms.core.indicators import _INDICATORS, Indicator, indicator_value, register_indicator
from qms.objectives import services
from qms.objectives.models import Measurement

pytestmark = pytest.mark.django_db


def _events(name: str) -> int:
    return AuditEvent.objects.filter(event_type=name).count()


def test_create_numbers_and_audits(make_objective: Any) -> None:
    objective = make_objective(status="draft")
    assert objective.number == "OBJ-2026-001"
    assert objective.status == "draft"
    assert _events("objective.created") == 1


def test_create_refuses_a_due_date_before_the_start(make_objective: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_objective(start_date=dt.date(2026, 5, 1), due_date=dt.date(2026, 1, 1))
    assert "due_date" in error.value.message_dict


def test_record_correct_and_void_are_audited(make_objective: Any, quality_manager: Any) -> None:
    objective = make_objective()
    m = services.measurement_record(
        actor=quality_manager, objective=objective, period=dt.date(2026, 2, 14), value="88.5"
    )
    assert m.period == dt.date(2026, 2, 1) and m.value == D("88.5")
    corrected = services.measurement_correct(
        actor=quality_manager, measurement=m, value=D("89"), reason="typo"
    )
    assert corrected.value == D("89")
    with pytest.raises(ValidationError):
        services.measurement_correct(actor=quality_manager, measurement=m, value=1, reason=" ")
    voided = services.measurement_void(actor=quality_manager, measurement=m, reason="wrong sheet")
    assert voided.voided and Measurement.objects.filter(pk=m.pk).exists()
    assert _events("objective.measurement_recorded") == 1
    assert _events("objective.measurement_corrected") >= 1
    assert _events("objective.measurement_voided") == 1


def test_a_correction_records_its_reason_once_and_no_change_records_nothing(
    make_objective: Any, quality_manager: Any
) -> None:
    from qms.core.audit import AuditEvent

    objective = make_objective()
    m = services.measurement_record(
        actor=quality_manager, objective=objective, period=dt.date(2026, 2, 1), value="88.5"
    )
    services.measurement_correct(actor=quality_manager, measurement=m, value="89", reason="typo")
    on_measurement = AuditEvent.objects.for_subject(m).get(
        event_type="objective.measurement_corrected"
    )
    assert on_measurement.data["reason"] == "typo"
    assert _events("objective.measurement_corrected") == 2  # the measurement's and the objective's

    services.measurement_correct(actor=quality_manager, measurement=m, value="89", reason="again")
    assert _events("objective.measurement_corrected") == 2


@pytest.mark.parametrize("period", [dt.date(2025, 12, 1), dt.date(2027, 1, 1)])
def test_a_period_outside_the_objective_is_refused_and_nothing_written(
    make_objective: Any, quality_manager: Any, period: dt.date
) -> None:
    objective = make_objective()
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            actor=quality_manager, objective=objective, period=period, value=1
        )
    assert "period" in error.value.message_dict
    assert not Measurement.objects.filter(objective=objective).exists()


def test_one_measurement_per_period(make_objective: Any, quality_manager: Any) -> None:
    objective = make_objective()
    services.measurement_record(
        actor=quality_manager, objective=objective, period=dt.date(2026, 3, 1), value=1
    )
    with pytest.raises(ValidationError):
        services.measurement_record(
            actor=quality_manager, objective=objective, period=dt.date(2026, 3, 9), value=2
        )


def test_a_closed_objective_takes_no_measurement(make_objective: Any, quality_manager: Any) -> None:
    objective = make_objective(status="cancelled")
    with pytest.raises(Conflict):
        services.measurement_record(
            actor=quality_manager, objective=objective, period=dt.date(2026, 3, 1), value=1
        )


def _csv(rows: list[str]) -> ContentFile[bytes]:
    text = "objective,period,value,note\n" + "\n".join(rows) + "\n"
    return ContentFile(text.encode(), name="measurements.csv")


def _import(actor: Any, organization: Any, rows: list[str], *, dry_run: bool) -> Any:
    return import_run(
        actor=actor,
        organization=organization,
        importer_kind="objectives.measurements",
        upload=_csv(rows),
        dry_run=dry_run,
    )


def test_import_dry_run_reports_a_non_numeric_value_and_writes_nothing(
    make_objective: Any, quality_manager: Any, organization: Any
) -> None:
    objective = make_objective()
    rows = [f"{objective.number},2026-01,88,", f"{objective.number},2026-02,eighty,"]
    report = _import(quality_manager, organization, rows, dry_run=True)
    assert report.has_errors
    [bad] = report.error_rows
    assert bad.number == 3 and "value" in bad.errors
    assert not Measurement.objects.filter(objective=objective).exists()
    real = _import(quality_manager, organization, rows, dry_run=False)
    assert real.has_errors
    assert not Measurement.objects.filter(objective=objective).exists()  # all or nothing


def test_import_is_idempotent_and_updates_the_same_period(
    make_objective: Any, quality_manager: Any, organization: Any
) -> None:
    objective = make_objective()
    rows = [f"{objective.number},2026-01,88,", f"{objective.number},2026-02-10,89,hand count"]
    first = _import(quality_manager, organization, rows, dry_run=False)
    assert not first.has_errors and first.totals["created"] == 2
    again = _import(quality_manager, organization, rows, dry_run=False)
    assert again.totals["unchanged"] == 2
    changed = _import(
        quality_manager, organization, [f"{objective.number},2026-01,90,"], dry_run=False
    )
    assert changed.totals["updated"] == 1
    assert Measurement.objects.get(objective=objective, period=dt.date(2026, 1, 1)).value == 90
    outside = _import(
        quality_manager, organization, [f"{objective.number},2027-01,1,"], dry_run=True
    )
    assert "period" in outside.error_rows[0].errors


@pytest.fixture
def test_indicator() -> Any:
    def compute(organization_id: int, start: dt.date, end: dt.date) -> D | None:
        if start.month == 4:
            return None  # nothing to measure that month
        return D(start.month * 10 + end.day) / D(3)

    indicator = register_indicator(
        Indicator(
            key="tests.objectives_demo",
            label="Test figure",
            unit="x",
            better="higher",
            compute=compute,
        )
    )
    yield indicator
    _INDICATORS.pop(indicator.key, None)


def test_computed_measurements_equal_indicator_value_for_each_period(
    make_objective: Any, quality_manager: Any, organization: Any, test_indicator: Any
) -> None:
    objective = make_objective(source="indicator", indicator=test_indicator.key)
    today = dt.date(2026, 6, 15)
    counts = services.objective_measurements_compute(
        actor=quality_manager, objective=objective, today=today
    )
    assert counts["created"] == 5  # Jan..Jun without April
    for m in Measurement.objects.filter(objective=objective):
        end = dt.date(m.period.year, m.period.month + 1, 1) - dt.timedelta(days=1)
        expected = indicator_value(test_indicator.key, organization.pk, m.period, end)
        assert expected is not None and m.value == expected.quantize(D("0.0001"))
        assert m.source == "computed"
    assert _events("objective.measurements_computed") == 1
    again = services.objective_measurements_compute(
        actor=quality_manager, objective=objective, today=today
    )
    assert again == {"created": 0, "updated": 0, "unchanged": 5}
    assert _events("objective.measurements_computed") == 1


def test_compute_command_is_idempotent(make_objective: Any, test_indicator: Any) -> None:
    from django.core.management import call_command

    objective = make_objective(
        source="indicator",
        indicator=test_indicator.key,
        start_date=dt.date(2025, 1, 1),
        due_date=dt.date(2025, 12, 31),
    )
    call_command("objectives_compute")
    count = Measurement.objects.filter(objective=objective).count()
    assert count == 11
    call_command("objectives_compute")
    assert Measurement.objects.filter(objective=objective).count() == count
