"""The context demo: Acme's issues, parties, signed climate decision, scope and process map,
and its context document in the register; running it twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from qms.context import demo
from qms.context.models import (
    ClimateDecision,
    ContextIssue,
    InterestedParty,
    InterestedPartyRequirement,
    QmsScope,
)
from qms.core.signatures import SignatureStatus, signatures_of
from qms.documents.models import DocumentRevision
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization, ProcessInteraction
from qms.standards import demo as standards_demo

pytestmark = pytest.mark.django_db


def _counts(acme: Any) -> tuple[int, ...]:
    return tuple(
        model.objects.for_organization(acme).count()
        for model in (
            ContextIssue,
            InterestedParty,
            InterestedPartyRequirement,
            ClimateDecision,
            QmsScope,
            ProcessInteraction,
            DocumentRevision,
        )
    )


def test_the_demo_loads_acmes_context_once(settings: Any) -> None:
    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    standards_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")

    issues = ContextIssue.objects.for_organization(acme)
    assert issues.count() == len(demo.ISSUES) >= 10
    assert set(issues.values_list("origin", flat=True)) == {"internal", "external"}
    assert issues.filter(climate_related=True).count() == 1
    parties = InterestedParty.objects.for_organization(acme)
    assert parties.count() == len(demo.PARTIES) == 7
    requirements = InterestedPartyRequirement.objects.for_organization(acme)
    assert requirements.count() == sum(len(p[4]) for p in demo.PARTIES)
    decision = ClimateDecision.objects.for_organization(acme).get()
    assert decision.relevant is True
    assert [status for _s, status in signatures_of(subject=decision)] == [SignatureStatus.VALID]
    scope = QmsScope.objects.for_organization(acme).get()
    assert scope.sites.count() == 2
    assert scope.document is not None
    revision = DocumentRevision.objects.for_organization(acme).get(document=scope.document)
    # Approved by top management through the documents workflow: a controlled, effective copy.
    assert revision.status == "effective" and revision.file is not None
    assert scope.document.current_revision_id == revision.pk
    assert ProcessInteraction.objects.for_organization(acme).count() == 8
    northwind = Organization.objects.get(slug="northwind")
    assert QmsScope.objects.for_organization(northwind).exists()

    before = _counts(acme)
    organizations_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert _counts(acme) == before
