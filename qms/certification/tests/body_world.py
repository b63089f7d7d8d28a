"""The world of the certification-body tests (not a conftest: other areas share this test
package; test modules build it with `build_body(organization)`).

Acme is a certification body accredited by UKAS (number 1234, 2024 to 2028) for ISO 9001:2015
in IAF codes 17 and 28 and ISO 14001:2015 in code 17; its people: a certification manager,
a lead auditor (ISO 9001 in 17 and 28), an auditor (ISO 9001 in 17, ISO 14001 in 17 expiring
2026-03-31), an auditor in training (ISO 9001 in 17), a technical reviewer without
qualifications, and an employee of the organization side (no certification role).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.certification.permissions import CB_AUDITOR, CERTIFICATION_MANAGER, TECHNICAL_REVIEWER
from qms.certification.tests.factories import (
    AccreditationFactory,
    AccreditationScopeFactory,
    AuditorQualificationFactory,
    CertificationBodyFactory,
)
from qms.core.permissions import Role
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.standards.models import Standard, StandardEdition
from qms.standards.tests.factories import EditionFactory, IafCodeFactory, StandardFactory

FROM = dt.date(2024, 1, 1)
UNTIL = dt.date(2028, 12, 31)
DAY = dt.date(2026, 1, 15)  # everything above is in force on this day


@dataclass
class Body:
    organization: Any
    body: Any
    accreditation: Any
    qms: Any  # Standard ISO 9001
    ems: Any  # Standard ISO 14001
    ohs: Any  # Standard ISO 45001 (not accredited, nobody qualified)
    qms_2015: Any
    ems_2015: Any
    ohs_2018: Any
    metals: Any  # IAF 17
    construction: Any  # IAF 28
    it: Any  # IAF 33 (not accredited)
    qms_line: Any
    ems_line: Any
    manager: Any
    lead: Any
    auditor: Any
    trainee: Any
    reviewer: Any
    employee: Any


def person(organization: Any, role: str, email: str, name: str) -> Any:
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(email=email, full_name=name)
    ).user


def qualify(
    organization: Any, who: Any, standard: Any, grade: str, codes: list[Any], **dates: Any
) -> Any:
    with allow_unaudited_writes():
        qualification = AuditorQualificationFactory(
            organization=organization,
            person=who,
            standard=standard,
            grade=grade,
            valid_from=dates.get("valid_from", FROM),
            valid_until=dates.get("valid_until", UNTIL),
        )
        qualification.iaf_codes.set(codes)
    return qualification


def edition(code: str, year: str) -> tuple[Any, Any]:
    """(standard, edition), shared by every body built in one test."""
    urn = "urn:test:" + code.replace(" ", "").lower()
    standard = Standard.objects.filter(urn=urn).first() or StandardFactory(code=code, urn=urn)
    found = StandardEdition.objects.filter(standard=standard, edition=year).first()
    return standard, found or EditionFactory(standard=standard, edition=year)


def build_body(organization: Any, *, email_domain: str = "cb.test") -> Body:
    with allow_unaudited_writes():
        body = CertificationBodyFactory(organization=organization, name="Acme Certification")
        qms, qms_2015 = edition("ISO 9001", "2015")
        ems, ems_2015 = edition("ISO 14001", "2015")
        ohs, ohs_2018 = edition("ISO 45001", "2018")
        metals = IafCodeFactory(code="17", position=17, title="Basic metals")
        construction = IafCodeFactory(code="28", position=28, title="Construction")
        it = IafCodeFactory(code="33", position=33, title="Information technology")
        accreditation = AccreditationFactory(
            organization=organization, number="1234", valid_from=FROM, valid_until=UNTIL
        )
        qms_line = AccreditationScopeFactory(
            organization=organization,
            accreditation=accreditation,
            edition=qms_2015,
            valid_from=FROM,
            valid_until=UNTIL,
        )
        qms_line.iaf_codes.set([metals, construction])
        ems_line = AccreditationScopeFactory(
            organization=organization,
            accreditation=accreditation,
            edition=ems_2015,
            valid_from=FROM,
            valid_until=UNTIL,
        )
        ems_line.iaf_codes.set([metals])
    d = email_domain
    manager = person(organization, CERTIFICATION_MANAGER, f"manager@{d}", "Mona Manager")
    lead = person(organization, CB_AUDITOR, f"lead@{d}", "Lee Lead")
    auditor = person(organization, CB_AUDITOR, f"auditor@{d}", "Dana Reed")
    trainee = person(organization, CB_AUDITOR, f"trainee@{d}", "Tom Trainee")
    reviewer = person(organization, TECHNICAL_REVIEWER, f"reviewer@{d}", "Rita Reviewer")
    employee = person(organization, Role.EMPLOYEE, f"employee@{d}", "Eve Employee")
    qualify(organization, lead, qms, "lead_auditor", [metals, construction])
    qualify(organization, auditor, qms, "auditor", [metals])
    qualify(organization, auditor, ems, "auditor", [metals], valid_until=dt.date(2026, 3, 31))
    qualify(organization, trainee, qms, "in_training", [metals])
    return Body(
        organization=organization,
        body=body,
        accreditation=accreditation,
        qms=qms,
        ems=ems,
        ohs=ohs,
        qms_2015=qms_2015,
        ems_2015=ems_2015,
        ohs_2018=ohs_2018,
        metals=metals,
        construction=construction,
        it=it,
        qms_line=qms_line,
        ems_line=ems_line,
        manager=manager,
        lead=lead,
        auditor=auditor,
        trainee=trainee,
        reviewer=reviewer,
        employee=employee,
    )
