"""Fixtures of the nonconformity tests: a reported NC, a root cause stand-in, actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from qms.core.workflow import model_transition
from qms.nonconformities.models import Nonconformity
from qms.nonconformities.services import nonconformity_create, nonconformity_update


@pytest.fixture
def root_causes(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[int, int], str]:
    """Root causes by (NC id, cycle): stands in for the analysis sub-package's selector, so
    these tests decide on the workflow alone."""
    recorded: dict[tuple[int, int], str] = {}

    def root_cause_of(*, nonconformity: Any) -> str:
        return recorded.get((nonconformity.pk, nonconformity.cycle), "")

    monkeypatch.setattr(
        "qms.nonconformities.analysis.selectors.root_cause_of", root_cause_of, raising=True
    )
    return recorded


@pytest.fixture
def reported(organization: Any, employee: Any, process_owner: Any) -> Nonconformity:
    return nonconformity_create(
        actor=employee,
        organization=organization,
        data={
            "title": "Housings out of tolerance",
            "description": "Bore diameter 0.05 mm over the limit on batch 4711.",
            "source": "product_inspection",
            "severity": "major",
            "detected_on": timezone.localdate() - dt.timedelta(days=20),
            "owner": process_owner,
        },
    )


def fresh(nc: Nonconformity) -> Nonconformity:
    return Nonconformity.objects.for_organization(nc.organization_id).get(pk=nc.pk)


@pytest.fixture
def corrective_action(organization: Any) -> Callable[..., Any]:
    from qms.actions.services import action_create

    def make(nc: Nonconformity, owner: Any, *, actor: Any, kind: str = "corrective") -> Any:
        return action_create(
            actor=actor,
            organization=organization,
            data={
                "title": "Replace the worn fixture",
                "owner": owner,
                "due_date": timezone.localdate() + dt.timedelta(days=10),
            },
            origin=nc,
            kind=kind,
            cycle=fresh(nc).cycle,
        )

    return make


def complete(action: Any, *, actor: Any) -> Any:
    return model_transition(
        actor=actor, instance=action, transition="complete", reason="Fixture replaced."
    )


@pytest.fixture
def implemented(
    reported: Nonconformity,
    quality_manager: Any,
    employee: Any,
    root_causes: dict[tuple[int, int], str],
    corrective_action: Callable[..., Any],
) -> Nonconformity:
    """An NC whose one corrective action (owned by the employee) is done, check due today."""
    qm = quality_manager
    nc = nonconformity_update(
        actor=qm,
        instance=reported,
        data={"containment": "Batch quarantined.", "correction": "Reworked 12 housings."},
    )
    model_transition(actor=qm, instance=nc, transition="record_containment")
    root_causes[(nc.pk, 1)] = "Fixture worn beyond its limit."
    model_transition(actor=qm, instance=fresh(nc), transition="analyse")
    action = corrective_action(nc, employee, actor=qm)
    nc = nonconformity_update(
        actor=qm, instance=fresh(nc), data={"verification_due": timezone.localdate()}
    )
    model_transition(actor=qm, instance=nc, transition="plan")
    complete(action, actor=employee)
    return model_transition(actor=qm, instance=fresh(nc), transition="implement")
