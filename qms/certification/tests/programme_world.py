"""The world of the programme tests: Acme as a certification body accredited for ISO 9001
in IAF code 17 (2020 to 2035), a certification manager, a qualified lead auditor, an auditor
without any qualification, an auditor of the body with a role but no programme rights, a
client with a site, and helpers that take a programme through the services to a given
decision date.

Not a conftest (other areas share this test package): test modules build it in a fixture
with `build_world(organization)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.certification.models import CertAudit, CertificationProgramme
from qms.certification.permissions import CB_AUDITOR, CERTIFICATION_MANAGER
from qms.certification.programme import services
from qms.certification.tests.factories import (
    AccreditationFactory,
    AccreditationScopeFactory,
    AuditorQualificationFactory,
    CertificationBodyFactory,
    ClientFactory,
    ClientSiteFactory,
)
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.standards.tests.factories import EditionFactory, IafCodeFactory, StandardFactory

VALID_FROM = dt.date(2020, 1, 1)
VALID_UNTIL = dt.date(2035, 12, 31)


@dataclass
class World:
    organization: Any
    edition: Any
    code: Any
    other_code: Any
    manager: Any
    lead: Any
    unqualified: Any
    client: Any
    site: Any

    def programme(self, **kwargs: Any) -> CertificationProgramme:
        values: dict[str, Any] = {
            "actor": self.manager,
            "client": self.client,
            "kind": "initial",
            "editions": [self.edition],
            "iaf_codes": [self.code],
            **kwargs,
        }
        return services.programme_create(**values)

    def audit(self, programme: CertificationProgramme, kind: str) -> CertAudit:
        return CertAudit.objects.filter(organization=self.organization).get(
            programme=programme, kind=kind, status__in=("planned", "confirmed")
        )

    def plan(
        self, programme: CertificationProgramme, kind: str, day: dt.date, **kwargs: Any
    ) -> CertAudit:
        values: dict[str, Any] = {
            "actor": self.manager,
            "audit": self.audit(programme, kind),
            "start_date": day,
            "lead_auditor": self.lead,
            **kwargs,
        }
        return services.cert_audit_plan(**values)

    def certified(self, decision: dt.date) -> CertificationProgramme:
        """An initial programme whose Stage 1 and Stage 2 were held before `decision`,
        certified on it (surveillance and recertification audits scheduled)."""
        programme = self.programme()
        self.plan(programme, "stage1", decision - dt.timedelta(days=60))
        stage2 = self.plan(
            programme,
            "stage2",
            decision - dt.timedelta(days=30),
            end_date=decision - dt.timedelta(days=28),
        )
        services.cert_audit_complete(actor=self.manager, audit=stage2)
        return services.programme_set_decision(
            actor=self.manager, programme=programme, decision_date=decision, reason="Granted."
        )


def member(organization: Any, role: str, email: str, name: str = "") -> Any:
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(email=email, full_name=name)
    ).user


def build_world(organization: Any) -> World:
    with allow_unaudited_writes():
        CertificationBodyFactory(organization=organization)
        standard = StandardFactory(code="ISO 9001")
        edition = EditionFactory(standard=standard, edition="2015")
        code = IafCodeFactory(code="17", title="Basic metals and fabricated metal products")
        other_code = IafCodeFactory(code="28", title="Construction")
        accreditation = AccreditationFactory(
            organization=organization, valid_from=VALID_FROM, valid_until=VALID_UNTIL
        )
        scope = AccreditationScopeFactory(
            organization=organization,
            accreditation=accreditation,
            edition=edition,
            valid_from=VALID_FROM,
            valid_until=VALID_UNTIL,
        )
        scope.iaf_codes.add(code)
        manager = member(organization, CERTIFICATION_MANAGER, "manager@cb.test", "Mona Manager")
        lead = member(organization, CB_AUDITOR, "lead@cb.test", "Lee Lead")
        qualification = AuditorQualificationFactory(
            organization=organization,
            person=lead,
            standard=standard,
            grade="lead_auditor",
            valid_from=VALID_FROM,
            valid_until=VALID_UNTIL,
        )
        qualification.iaf_codes.add(code)
        unqualified = member(organization, CB_AUDITOR, "new@cb.test", "Nia New")
        client = ClientFactory(organization=organization, legal_name="Gauges Client Ltd")
        site = ClientSiteFactory(organization=organization, client=client, name="Main works")
    return World(
        organization=organization,
        edition=edition,
        code=code,
        other_code=other_code,
        manager=manager,
        lead=lead,
        unqualified=unqualified,
        client=client,
        site=site,
    )
