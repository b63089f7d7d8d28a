"""Importing measurements from a sheet: objective number, period (YYYY-MM or a date),
value, note. The page is /imports/objectives.measurements/ (core's import UI, with its dry
run); a real import writes all or nothing and the same sheet again changes nothing (the
same objective and period update the measurement)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core.imports import Column, ImportContext, Importer, RowError, register_importer, text
from qms.core.imports.framework import Outcome, decimal_number

from . import rules, services
from .choices import MeasurementSource, ObjectiveStatus
from .models import QualityObjective


def period_value(value: str) -> datetime.date:
    """YYYY-MM (the month) or YYYY-MM-DD (the period that holds the date)."""
    value = value.strip()
    try:
        if len(value) == 7:
            return datetime.date.fromisoformat(f"{value}-01")
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"“{value}” is not a period (write YYYY-MM or YYYY-MM-DD).") from None


class MeasurementImporter(Importer):
    kind = "objectives.measurements"
    label = _("Objective measurements")
    description = _(
        "One row per objective and period; an existing measurement of the period is updated."
    )
    permission = ("objectives.measurement", "add")
    columns = (
        Column("objective", required=True, help=_("The objective's number, e.g. OBJ-2026-001.")),
        Column(
            "period",
            required=True,
            help=_("The month (YYYY-MM) or a date in the month or quarter."),
            parse=period_value,
        ),
        Column("value", required=True, help=_("A number."), parse=decimal_number()),
        Column("note", help=_("Optional note."), parse=text(max_length=500), default=""),
    )
    key_columns = ("objective", "period")

    def _objective(self, number: str, context: ImportContext) -> QualityObjective:
        cache: dict[str, QualityObjective | None] = context.cache.setdefault("objectives", {})
        key = number.strip().upper()
        if key not in cache:
            cache[key] = (
                QualityObjective.objects.for_organization(context.organization)
                .filter(number__iexact=key)
                .first()
            )
        objective = cache[key]
        if objective is None:
            raise RowError({"objective": f"No objective numbered {number}."})
        return objective

    def validate_row(self, row: dict[str, Any], *, context: ImportContext) -> dict[str, Any]:
        objective = self._objective(row["objective"], context)
        if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
            raise RowError({"objective": f"{objective.number} is closed."})
        problem = rules.period_problem(
            period=row["period"],
            start=objective.start_date,
            due=objective.due_date,
            frequency=objective.frequency,
        )
        if problem:
            raise RowError({"period": problem})
        return {
            **row,
            "objective": objective,
            "period": rules.period_start(row["period"], objective.frequency),
        }

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        counts = services.measurements_write(
            actor=context.actor,
            organization=context.organization,
            rows=[
                services.Row(
                    objective=cleaned["objective"],
                    period=cleaned["period"],
                    value=cleaned["value"],
                    note=cleaned.get("note") or "",
                )
            ],
            source=MeasurementSource.IMPORT,
        )
        for outcome in ("created", "updated"):
            if counts[outcome]:
                return outcome
        return "unchanged"


def register() -> None:
    register_importer(MeasurementImporter)
