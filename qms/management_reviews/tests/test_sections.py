"""Each section builder with data and without, and the whole pack in a constant number of
queries whatever the number of records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.actions.tests.factories import ActionFactory
from qms.complaints.tests.factories import ComplaintFactory
from qms.context.tests.factories import ContextIssueFactory
from qms.internal_audits.models import Audit, Finding
from qms.management_reviews.sections import SECTIONS, section_for
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.objectives.tests.factories import MeasurementFactory, QualityObjectiveFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.risks.tests.factories import RiskFactory
from qms.surveys.tests.factories import SurveyAnswerFactory

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)


def _end() -> dt.date:
    return max(timezone.localdate(), dt.date(2026, 6, 30))


def _build(key: str, organization: Any) -> Any:
    section = section_for(key)
    assert section is not None and section.builder is not None
    return section.builder(organization, START, _end())


BUILT = [s.key for s in SECTIONS if s.builder is not None]


@pytest.mark.parametrize("key", BUILT)
def test_every_builder_says_when_there_is_no_data(key: str, organization: Any) -> None:
    data = _build(key, organization)
    assert data.no_data
    assert data.note  # says so in words
    assert not data.rows


def test_manual_sections_are_registered() -> None:
    manual = {s.key for s in SECTIONS if s.builder is None}
    assert manual == {"providers", "resources"}
    assert "suppliers module" in (section_for("providers") or SECTIONS[0]).manual_note


def _audit(organization: Any, lead: Any, n: int, grade: str = "improvement") -> Audit:
    audit = Audit.objects.create(
        organization=organization,
        number=f"IA-2026-{n:03d}",
        title=f"Audit {n}",
        lead_auditor=lead,
        planned_month=dt.date(2026, 2, 1),
        status="reported",
        reported_on=dt.date(2026, 2, 20),
    )
    nc = NonconformityFactory(
        organization=organization, source="internal_audit", detected_on=dt.date(2026, 2, 20)
    )
    Finding.objects.create(
        organization=organization,
        audit=audit,
        number=f"F-{n}",
        grade=grade,
        statement="Calibration records incomplete.",
        nonconformity=nc,
    )
    return audit


def _data(organization: Any, user: Any, n: int) -> dict[str, Any]:
    """n records of every kind the builders read, in the period."""
    made: dict[str, Any] = {}
    for i in range(n):
        made["issue"] = ContextIssueFactory(organization=organization, owner=user)
        made["complaint"] = ComplaintFactory(
            organization=organization, received_on=dt.date(2026, 3, 1), owner=user
        )
        made["answer"] = SurveyAnswerFactory(response__organization=organization, rating=4)
        process = ProcessFactory(organization=organization, owner=user, status="active")
        made["process"] = process
        objective = QualityObjectiveFactory(
            organization=organization,
            owner=user,
            status="active",
            start_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 12, 31),
        )
        objective.processes.add(process)
        made["objective"] = objective
        MeasurementFactory(objective=objective, period=dt.date(2026, 2, 1), value=Decimal(90))
        made["nc"] = NonconformityFactory(
            organization=organization,
            process=process,
            severity="major",
            detected_on=dt.date(2026, 3, 5),
        )
        made["risk"] = RiskFactory(
            organization=organization,
            owner=user,
            inherent_score=12,
            residual_score=4,
            next_review_on=dt.date(2026, 1, 15),
        )
        made["opportunity"] = RiskFactory(organization=organization, owner=user, kind="opportunity")
        made["improvement"] = ActionFactory(
            organization=organization, owner=user, kind="improvement"
        )
        made["audit"] = _audit(organization, user, 100 * n + i)
    return made


def test_builders_with_data(organization: Any, quality_manager: Any) -> None:
    made = _data(organization, quality_manager, 1)
    numbers = {key: [row["number"] for row in _build(key, organization).rows] for key in BUILT}
    titles = {key: [row["title"] for row in _build(key, organization).rows] for key in BUILT}
    assert made["issue"].title in titles["context"]
    assert made["complaint"].number in numbers["customers"]
    assert made["objective"].number in numbers["objectives"]
    assert made["process"].name in titles["processes"]
    assert made["nc"].number in numbers["nonconformities"]
    assert made["objective"].number in numbers["monitoring"]
    assert made["audit"].number in numbers["audits"]
    assert made["risk"].number in numbers["risks"]
    assert made["opportunity"].number in numbers["improvement"]
    assert made["improvement"].number in numbers["improvement"]
    figures = {f["label"]: f["value"] for f in _build("nonconformities", organization).figures}
    assert figures["Open major NCs"] == 1
    assert figures["Reported from internal audits"] == 1
    audits = {f["label"]: f["value"] for f in _build("audits", organization).figures}
    assert audits["Completed"] == 1 and audits["Findings: improvement"] == 1
    assert audits["Open NCs from audit findings"] == 1
    customers = {f["label"]: f["value"] for f in _build("customers", organization).figures}
    assert customers["Survey responses"] == 1 and customers["Mean rating (1-5)"] == 4.0
    for key in BUILT:
        if key != "previous_actions":
            assert not _build(key, organization).no_data, key


def test_the_pack_costs_the_same_for_few_and_many_records(
    organization: Any, quality_manager: Any
) -> None:
    def build_all() -> None:
        for key in BUILT:
            _build(key, organization)

    _data(organization, quality_manager, 2)
    build_all()
    with CaptureQueriesContext(connection) as few:
        build_all()
    _data(organization, quality_manager, 8)
    with CaptureQueriesContext(connection) as many:
        build_all()
    assert len(many.captured_queries) <= len(few.captured_queries)
