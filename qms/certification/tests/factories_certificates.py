"""Factories and a world for the decision and certificate tests: the programme world
(qms/certification/tests/programme_world.py) with a decision-maker, an initial programme
whose Stage 1 and Stage 2 are done, and findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD, UserFactory
from qms.certification.models import (
    CertAudit,
    CertFinding,
    Certificate,
    CertificateStatusChange,
    CertificationDecision,
    CertificationProgramme,
)
from qms.certification.permissions import DECISION_MAKER
from qms.certification.programme import services as programme_services
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory

from .factories import CertAuditFactory, CertificationProgrammeFactory, ClientFactory
from .programme_world import World, build_world, member

__all__ = [
    "PASSWORD",
    "CertWorld",
    "CertificateFactory",
    "CertificateStatusChangeFactory",
    "CertificationDecisionFactory",
    "build_cert_world",
]

_SAME_ORGANIZATION = factory.SelfAttribute("..organization")


class DecisionFindingFactory(ModelFactory):
    class Meta:
        model = CertFinding

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(CertAuditFactory, organization=_SAME_ORGANIZATION)
    raised_by = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"F-{n + 1:02d}")
    grade = "minor"
    status = "open"
    statement = "The calibration records of gauge G-12 are missing."


class CertificationDecisionFactory(ModelFactory):
    class Meta:
        model = CertificationDecision

    organization = factory.SubFactory(OrganizationFactory)
    programme = factory.SubFactory(CertificationProgrammeFactory, organization=_SAME_ORGANIZATION)
    number = factory.Sequence(lambda n: f"DEC-2026-{n + 1:04d}")
    kind = "initial"


class CertificateFactory(ModelFactory):
    class Meta:
        model = Certificate

    organization = factory.SubFactory(OrganizationFactory)
    client = factory.SubFactory(ClientFactory, organization=_SAME_ORGANIZATION)
    programme = factory.SubFactory(
        CertificationProgrammeFactory,
        organization=_SAME_ORGANIZATION,
        client=factory.SelfAttribute("..client"),
    )
    number = factory.Sequence(lambda n: f"CERT-2026-{n + 1:04d}")
    holder_name = "Gauges Client Ltd"
    holder_address = "1 Works Road, Sheffield"
    scope = "Design and manufacture of gauges."
    initial_certification_date = dt.date(2026, 1, 10)


class CertificateStatusChangeFactory(ModelFactory):
    class Meta:
        model = CertificateStatusChange

    organization = factory.SubFactory(OrganizationFactory)
    certificate = factory.SubFactory(CertificateFactory, organization=_SAME_ORGANIZATION)
    change = "issued"
    to_status = "active"
    on = dt.date(2026, 1, 10)


@dataclass
class CertWorld:
    base: World
    decider: Any

    @property
    def organization(self) -> Any:
        return self.base.organization

    @property
    def manager(self) -> Any:
        return self.base.manager

    @property
    def lead(self) -> Any:
        return self.base.lead

    def audited_programme(self, *, stage2_ago: int = 30, **kwargs: Any) -> CertificationProgramme:
        """An initial programme whose Stage 1 and Stage 2 are done (Stage 2 ended
        `stage2_ago` - 2 days ago)."""
        today = timezone.localdate()
        programme = self.base.programme(**kwargs)
        stage1 = self.base.plan(programme, "stage1", today - dt.timedelta(days=stage2_ago + 30))
        programme_services.cert_audit_complete(actor=self.manager, audit=stage1)
        stage2 = self.base.plan(
            programme,
            "stage2",
            today - dt.timedelta(days=stage2_ago),
            end_date=today - dt.timedelta(days=stage2_ago - 2),
            audit_days="3.0",
        )
        programme_services.cert_audit_complete(actor=self.manager, audit=stage2)
        with allow_unaudited_writes():
            CertAudit.objects.filter(pk=stage2.pk).update(
                days_spent="3.0", conclusion="Objectives met.", recommendation="grant"
            )
            CertAudit.objects.filter(pk=stage1.pk).update(stage1_conclusion="ready")
        return programme

    def stage2(self, programme: CertificationProgramme) -> CertAudit:
        return CertAudit.objects.get(programme=programme, kind="stage2")

    def finding(self, audit: CertAudit, **kwargs: Any) -> CertFinding:
        with allow_unaudited_writes():
            finding: CertFinding = DecisionFindingFactory(  # type: ignore[assignment]
                organization=audit.organization, audit=audit, raised_by=self.lead, **kwargs
            )
        return finding


def build_cert_world(organization: Any) -> CertWorld:
    base = build_world(organization)
    with allow_unaudited_writes():
        decider = member(organization, DECISION_MAKER, "decider@cb.test", "Dana Decider")
    return CertWorld(base=base, decider=decider)
