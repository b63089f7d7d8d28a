"""A real (not dry-run) measurement import with a period outside the objective's dates is a
row error beside "period" and writes nothing, not even the good rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from qms.core.imports.services import import_run
from qms.objectives.models import Measurement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", ["2025-12", "2027-01-15"])
def test_import_with_a_period_outside_the_objective_writes_nothing(
    make_objective: Any, quality_manager: Any, organization: Any, period: str
) -> None:
    objective = make_objective()
    rows = [f"{objective.number},2026-01,88,", f"{objective.number},{period},90,"]
    text = "objective,period,value,note\n" + "\n".join(rows) + "\n"
    report = import_run(
        actor=quality_manager,
        organization=organization,
        importer_kind="objectives.measurements",
        upload=ContentFile(text.encode(), name="measurements.csv"),
        dry_run=False,
    )
    assert report.has_errors
    [bad] = report.error_rows
    assert "period" in bad.errors
    assert not Measurement.objects.filter(objective=objective).exists()
