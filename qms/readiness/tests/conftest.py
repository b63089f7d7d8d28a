"""Fixtures of the readiness tests: a small ISO 9001-like edition adopted by Acme, records
to link as evidence, and a way to link them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.standards.models import Clause, ClauseApplicability, ClauseEvidence, StandardEdition
from qms.standards.tests.factories import (
    ClauseFactory,
    EditionFactory,
    OrganizationStandardFactory,
    StandardFactory,
)

# (number, parent) of the small edition: leaves are the requirement clauses counted.
CLAUSES = (
    ("4", None),
    ("4.3", "4"),
    ("4.4", "4"),
    ("5", None),
    ("5.2", "5"),
    ("6", None),
    ("6.2", "6"),
    ("8", None),
    ("8.3", "8"),
    ("9", None),
    ("9.2", "9"),
    ("9.3", "9"),
    ("10", None),
    ("10.2", "10"),
)
LEAVES = [number for number, _parent in CLAUSES if any(p == number for _n, p in CLAUSES) is False]


@dataclass
class Library:
    edition: StandardEdition
    clauses: dict[str, Clause]

    def link(
        self, organization: Any, number: str, subject: Any, *, reviewed: bool = False
    ) -> ClauseEvidence:
        with allow_unaudited_writes():
            return ClauseEvidence.objects.create(
                organization=organization,
                clause=self.clauses[number],
                content_type=ContentType.objects.get_for_model(subject),
                object_id=subject.pk,
                reviewed_at=timezone.now() if reviewed else None,
            )

    def exclude(self, organization: Any, number: str, justification: str) -> None:
        with allow_unaudited_writes():
            ClauseApplicability.objects.create(
                organization=organization,
                clause=self.clauses[number],
                applicable=False,
                justification=justification,
            )


@pytest.fixture
def library(organization: Any) -> Library:
    standard = StandardFactory(code="ISO 9001", title="Quality management systems")
    edition = EditionFactory(standard=standard, edition="2015")
    clauses: dict[str, Any] = {}
    for number, parent in CLAUSES:
        clauses[number] = ClauseFactory(
            edition=edition,
            number=number,
            title=f"Clause {number}",
            parent=clauses[parent] if parent else None,
            depth=number.count("."),
        )
    OrganizationStandardFactory(organization=organization, edition=edition)
    return Library(edition, clauses)


@pytest.fixture
def no_audits(monkeypatch: pytest.MonkeyPatch) -> dict[int, Any]:
    """Internal-audit coverage under the test's control: {clause pk: date} (empty: none)."""
    coverage: dict[int, Any] = {}
    monkeypatch.setattr(
        "qms.readiness.selectors.report._audit_coverage",
        lambda *, organization, since: {k: v for k, v in coverage.items() if v >= since},
    )
    return coverage


@dataclass
class Review:
    held_on: Any

    def get_absolute_url(self) -> str:
        return "/management-reviews/1/"


@pytest.fixture
def reviews(monkeypatch: pytest.MonkeyPatch) -> list[Review]:
    """The management reviews held (the latest is the last in the list)."""
    held: list[Review] = []
    monkeypatch.setattr(
        "qms.readiness.selectors.gaps.latest_held_review",
        lambda *, organization: held[-1] if held else None,
    )
    return held
