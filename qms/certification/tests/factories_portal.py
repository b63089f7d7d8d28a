"""The world of the portal tests: the programme world (a certification body with a manager,
a qualified lead auditor and an auditor off the team), a certified programme whose Stage 2
was held, a major and a minor on it, a second client of the same body with its own finding,
and the client's contact holding a portal access (through the service).

Findings are made directly here (the audits area's finding_raise is exercised by its own
tests): status OPEN, respond_by and verify_by set as the audits area would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from qms.accounts.tests.factories import UserFactory
from qms.certification.models import (
    CertAudit,
    CertFinding,
    CertificationProgramme,
    FindingResponse,
    PortalAccess,
)
from qms.certification.portal import services
from qms.certification.tests.factories import (
    CertAuditFactory,
    ClientContactFactory,
    ClientFactory,
)
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory

from .programme_world import World, build_world


@dataclass
class PortalWorld:
    world: World
    programme: CertificationProgramme
    stage2: CertAudit
    major: CertFinding
    minor: CertFinding
    contact: Any
    access: Any
    other_finding: CertFinding
    other_audit: CertAudit

    @property
    def portal_user(self) -> Any:
        return self.access.user


def make_finding(audit: CertAudit, number: str, grade: str, **extra: Any) -> CertFinding:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "organization": audit.organization,
        "audit": audit,
        "number": number,
        "grade": grade,
        "status": "open" if grade in ("major", "minor") else "no_response",
        "statement": f"{grade} finding {number}: records of calibration are missing.",
        "objective_evidence": "Gauge G-12 has no calibration record for 2025.",
        "raised_by": audit.lead_auditor,
        "respond_by": today + dt.timedelta(days=30),
        "verify_by": today + dt.timedelta(days=90) if grade == "major" else None,
        **extra,
    }
    with allow_unaudited_writes():
        return CertFinding.objects.create(**values)


def build_portal_world(organization: Any) -> PortalWorld:
    world = build_world(organization)
    today = timezone.localdate()
    programme = world.programme()
    world.plan(programme, "stage1", today - dt.timedelta(days=40))
    stage2 = world.plan(
        programme, "stage2", today - dt.timedelta(days=10), end_date=today - dt.timedelta(days=9)
    )
    major = make_finding(stage2, "F-01", "major")
    minor = make_finding(stage2, "F-02", "minor")
    contact = ClientContactFactory(
        organization=organization,
        client=world.client,
        name="Quinn Quality",
        email="quinn@gauges.test",
    )
    access = services.portal_access_grant(actor=world.manager, client=world.client, contact=contact)
    with allow_unaudited_writes():
        other_client = ClientFactory(organization=organization, legal_name="Other Client Ltd")
    other_programme = world.programme(client=other_client)
    other_audit = world.plan(other_programme, "stage1", today - dt.timedelta(days=5))
    other_finding = make_finding(other_audit, "F-01", "minor")
    return PortalWorld(
        world=world,
        programme=programme,
        stage2=stage2,
        major=major,
        minor=minor,
        contact=contact,
        access=access,
        other_finding=other_finding,
        other_audit=other_audit,
    )


# --- Factories for the tenancy walker (re-exported by tests/factories.py) ----------------

_SAME_ORGANIZATION = factory.SelfAttribute("..organization")


class PortalCertFindingFactory(ModelFactory):
    """A minor of a Stage 1 audit awaiting the client's response (the audits area may
    provide its own CertFinding factory: the walker takes the first it finds)."""

    class Meta:
        model = CertFinding

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(CertAuditFactory, organization=_SAME_ORGANIZATION)
    number = factory.Sequence(lambda n: f"F-{n + 1:02d}")
    grade = "minor"
    status = "open"
    statement = "Calibration records are missing."
    raised_by = factory.SubFactory(UserFactory)


class FindingResponseFactory(ModelFactory):
    class Meta:
        model = FindingResponse

    organization = factory.SubFactory(OrganizationFactory)
    finding = factory.SubFactory(PortalCertFindingFactory, organization=_SAME_ORGANIZATION)
    round = factory.Sequence(lambda n: n + 1)
    correction = "Gauge calibrated."
    root_cause = "Plan incomplete."
    corrective_action = "Plan reviewed monthly."
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)


class PortalAccessFactory(ModelFactory):
    class Meta:
        model = PortalAccess

    organization = factory.SubFactory(OrganizationFactory)
    client = factory.SubFactory(ClientFactory, organization=_SAME_ORGANIZATION)
    user = factory.SubFactory(UserFactory)
    granted_by = factory.SubFactory(UserFactory)
