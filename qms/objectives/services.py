"""Writes of quality objectives and their measurements.

Each service is one transaction through core's helpers (row, audit event, version check
together). A measurement is recorded, corrected with a reason or voided with a reason,
never deleted; a batch (import, computation) writes all or nothing with one audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qms.accounts.selectors import check_member
from qms.core.audit import record_event
from qms.core.errors import Conflict
from qms.core.indicators import indicator_value
from qms.core.services import lock_for_change, model_create, model_update, sequence_next

from . import events, rules
from .choices import MeasurementSource, ObjectiveStatus, SourceKind
from .models import Measurement, QualityObjective
from .specs import OBJECTIVE

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization


def _check_links(organization_id: int, values: Mapping[str, Any]) -> None:
    policy = values.get("policy")
    if policy is not None:
        if policy.organization_id != organization_id or policy.document_type != "policy":
            raise ValidationError({"policy": "Choose one of your organization's policies."})
    for process in values.get("processes") or ():
        if process.organization_id != organization_id:
            raise ValidationError({"processes": "Choose your organization's processes."})


@transaction.atomic
def objective_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> QualityObjective:
    """A new objective (draft) numbered OBJ-<year of its start>-NNN."""
    values = dict(data)
    unknown = sorted(set(values) - set(OBJECTIVE.fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    check_member(organization_id=organization.pk, user=values.get("owner"))
    _check_links(organization.pk, values)
    start = values.get("start_date")
    if start is None:
        raise ValidationError({"start_date": "Enter the date the objective starts."})
    sequence = sequence_next(organization_id=organization.pk, key="objective", year=start.year)
    values["number"] = f"OBJ-{start.year}-{sequence:03d}"
    # core sets the processes (many-to-many) and records them in the event
    objective: QualityObjective = model_create(
        actor=actor,
        model=QualityObjective,
        organization=organization,
        data=values,
        fields=(*OBJECTIVE.fields, "number"),
        event_type=events.OBJECTIVE_CREATED,
    )
    return objective


@transaction.atomic
def objective_update(
    *,
    actor: User,
    instance: QualityObjective,
    data: Mapping[str, Any],
    version: int | None = None,
) -> QualityObjective:
    values = dict(data)
    locked = lock_for_change(instance, version=version)
    if locked.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
        raise Conflict("A closed objective cannot be changed: reopen it first.")
    if "owner" in values:
        check_member(organization_id=instance.organization_id, user=values["owner"])
    _check_links(instance.organization_id, values)
    objective, _changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=OBJECTIVE.fields,
        event_type=events.OBJECTIVE_UPDATED,
        version=version,
    )  # processes included: one event with their before/after ids
    return objective


def _period_of(objective: QualityObjective, period: Any) -> date:
    if not isinstance(period, date):
        raise ValidationError({"period": "Enter the month or quarter (YYYY-MM or a date)."})
    problem = rules.period_problem(
        period=period,
        start=objective.start_date,
        due=objective.due_date,
        frequency=objective.frequency,
    )
    if problem:
        raise ValidationError({"period": problem})
    return rules.period_start(period, objective.frequency)


def _value(value: Any) -> Decimal:
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except Exception as error:
        raise ValidationError({"value": "Enter a number."}) from error
    if not result.is_finite() or abs(result) >= Decimal("1e10"):
        raise ValidationError({"value": "Enter a number."})
    # At the stored scale (4 places), so 89 and 89.0000 are the same value, not a change; more
    # places are left for the field's own validation to refuse.
    exponent = result.as_tuple().exponent
    return (
        result.quantize(Decimal("0.0001"))
        if isinstance(exponent, int) and exponent >= -4
        else result
    )


def _check_open(objective: QualityObjective) -> None:
    if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
        raise Conflict("This objective is closed: it takes no new measurement.")


@transaction.atomic
def measurement_record(
    *,
    actor: User | None,
    objective: QualityObjective,
    period: Any,
    value: Any,
    note: str = "",
    source: str = MeasurementSource.MANUAL,
) -> Measurement:
    """Record the value of one period (refused, nothing written, outside the objective's
    period or when the period already has a measurement: correct that one instead)."""
    locked = lock_for_change(objective, version=None)
    _check_open(locked)
    first = _period_of(locked, period)
    amount = _value(value)
    if Measurement.objects.filter(objective=locked, period=first).exists():
        raise ValidationError(
            {"period": "This period has a measurement already: correct it instead."}
        )
    return model_create(
        actor=actor,
        model=Measurement,
        organization=locked.organization,
        data={
            "objective": locked,
            "period": first,
            "value": amount,
            "note": note or "",
            "source": source,
            "recorded_by": actor,
        },
        fields=("objective", "period", "value", "note", "source", "recorded_by"),
        event_type=events.MEASUREMENT_RECORDED,
    )


@transaction.atomic
def measurement_correct(
    *,
    actor: User,
    measurement: Measurement,
    value: Any,
    reason: str,
    note: str | None = None,
    version: int | None = None,
) -> Measurement:
    """Correct a wrong value, with the reason (audited before/after)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the value is corrected."})
    locked = lock_for_change(measurement, version=version)
    if locked.voided:
        raise Conflict("A voided measurement cannot be corrected.")
    _check_open(locked.objective)
    data: dict[str, Any] = {"value": _value(value), "recorded_by": actor}
    if note is not None:
        data["note"] = note
    result, changed = model_update(
        actor=actor,
        instance=measurement,
        data=data,
        fields=("value", "note", "recorded_by"),
        event_type=events.MEASUREMENT_CORRECTED,
        version=version,
        details={"reason": reason},
    )
    if not changed:
        return result  # the same value and note: nothing was corrected, nothing recorded
    # The objective's own history shows the correction too (its page lists its events).
    record_event(
        actor=actor,
        event_type=events.MEASUREMENT_CORRECTED,
        subject=locked.objective,
        data={"period": locked.period.isoformat(), "value": str(result.value), "reason": reason},
    )
    return result


@transaction.atomic
def measurement_void(
    *, actor: User, measurement: Measurement, reason: str, version: int | None = None
) -> Measurement:
    """Void a measurement with the reason: it stays on record, out of the figures."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the measurement is voided."})
    locked = lock_for_change(measurement, version=version)
    if locked.voided:
        raise Conflict("This measurement is voided already.")
    result, _changed = model_update(
        actor=actor,
        instance=measurement,
        data={"voided": True, "void_reason": reason.strip()[:500]},
        fields=("voided", "void_reason"),
        event_type=events.MEASUREMENT_VOIDED,
        version=version,
    )
    return result


@dataclass(frozen=True)
class Row:
    objective: QualityObjective
    period: date
    value: Decimal
    note: str = ""


def _upsert(
    *, actor: User | None, row: Row, source: str, existing: dict[tuple[int, date], Measurement]
) -> str:
    """Create or update one row's measurement without an audit event (the batch has one).
    Returns "created", "updated" or "unchanged"."""
    current = existing.get((row.objective.pk, row.period))
    if current is None:
        measurement = Measurement(
            organization_id=row.objective.organization_id,
            objective=row.objective,
            period=row.period,
            value=row.value,
            note=row.note,
            source=source,
            recorded_by=actor,
        )
        measurement.full_clean()
        measurement.save()
        existing[(row.objective.pk, row.period)] = measurement
        return "created"
    if (
        current.value == row.value
        and not current.voided
        and (current.note == row.note or not row.note)
    ):
        return "unchanged"
    current.value = row.value
    current.note = row.note or current.note
    current.source = source
    current.recorded_by = actor
    current.voided = False
    current.void_reason = ""
    current.version += 1
    current.save()
    return "updated"


@transaction.atomic
def measurements_write(
    *,
    actor: User | None,
    organization: Any,
    rows: Iterable[Row],
    source: str,
    event_type: Any = events.MEASUREMENTS_IMPORTED,
) -> dict[str, int]:
    """Write many measurements at once, all or nothing; same objective+period updates.
    One audit event for the batch (per objective written)."""
    rows = list(rows)
    organization_id = organization if isinstance(organization, int) else organization.pk
    if any(row.objective.organization_id != organization_id for row in rows):
        raise ValidationError({"objective": "Choose one of your organization's objectives."})
    objective_ids = {row.objective.pk for row in rows}
    existing = {
        (m.objective_id, m.period): m
        for m in Measurement.objects.for_organization(organization_id).filter(
            objective_id__in=objective_ids
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    per_objective: dict[int, dict[str, Any]] = {}
    for row in rows:
        result = _upsert(actor=actor, row=row, source=source, existing=existing)
        counts[result] += 1
        if result != "unchanged":
            entry = per_objective.setdefault(
                row.objective.pk, {"obj": row.objective, "periods": []}
            )
            entry["periods"].append(row.period.isoformat())
    for entry in per_objective.values():
        record_event(
            actor=actor,
            event_type=event_type,
            subject=entry["obj"],
            data={"source": source, "periods": entry["periods"]},
        )
    return counts


def objective_measurements_compute(
    *, actor: User | None, objective: QualityObjective, today: date
) -> dict[str, int]:
    """Compute every period from the start to min(today, due) with the objective's indicator
    and create/update the computed measurements (one audit event per run that changed
    anything). A period the indicator has nothing for is skipped."""
    if objective.source != SourceKind.INDICATOR or not objective.indicator:
        raise Conflict("This objective is not computed by an indicator.")
    if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
        raise Conflict("This objective is closed.")
    end = min(today, objective.due_date)
    rows: list[Row] = []
    for first in rules.periods(start=objective.start_date, end=end, frequency=objective.frequency):
        last = rules.period_end(first, objective.frequency)
        value = indicator_value(
            objective.indicator,
            objective.organization_id,
            first,
            last,
        )
        if value is not None:
            rows.append(
                Row(objective=objective, period=first, value=value.quantize(Decimal("0.0001")))
            )
    return measurements_write(
        actor=actor,
        organization=objective.organization,
        rows=rows,
        source=MeasurementSource.COMPUTED,
        event_type=events.MEASUREMENTS_COMPUTED,
    )


def objectives_compute_all(*, today: date) -> dict[str, int]:
    """Recompute every active objective computed by an indicator (the management command)."""
    totals = {"objectives": 0, "created": 0, "updated": 0, "unchanged": 0}
    queryset = QualityObjective.objects.filter(
        status=ObjectiveStatus.ACTIVE, source=SourceKind.INDICATOR
    ).select_related("organization")
    for objective in queryset:
        counts = objective_measurements_compute(actor=None, objective=objective, today=today)
        totals["objectives"] += 1
        for key, count in counts.items():
            totals[key] += count
    return totals
