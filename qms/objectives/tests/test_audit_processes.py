"""The processes an objective supports are part of its audit events: on creation, and on an
edit that changes them together with other fields (one event, before and after)."""

from __future__ import annotations

from typing import Any

import pytest

from qms.core.audit import AuditEvent
from qms.objectives import services
from qms.organizations.tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_processes_are_recorded_on_create_and_update(
    make_objective: Any, organization: Any, quality_manager: Any
) -> None:
    first, second = ProcessFactory.create_batch(2, organization=organization)
    objective = make_objective(status="draft", processes=[first])
    created = AuditEvent.objects.get(event_type="objective.created", subject_id=str(objective.pk))
    assert created.after["processes"] == [first.pk]

    services.objective_update(
        actor=quality_manager,
        instance=objective,
        data={"title": "On-time delivery to customers", "processes": [first, second]},
    )
    [updated] = AuditEvent.objects.filter(
        event_type="objective.updated", subject_id=str(objective.pk)
    )
    assert updated.before["processes"] == [first.pk]
    assert sorted(updated.after["processes"]) == sorted([first.pk, second.pk])
    assert updated.after["title"] == "On-time delivery to customers"
    assert set(objective.processes.values_list("pk", flat=True)) == {first.pk, second.pk}
