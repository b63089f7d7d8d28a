"""Set-up shared by the client and application tests (plain functions, no tests here): a
certification body with one person per CB role, ISO 9001:2015 accredited in IAF code 17,
a lead auditor qualified in 17, and a client with two sites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.certification.models import Client, ClientSite
from qms.certification.permissions import (
    CB_AUDITOR,
    CERTIFICATION_MANAGER,
    DECISION_MAKER,
    TECHNICAL_REVIEWER,
)
from qms.certification.tests.factories import (
    AccreditationFactory,
    AccreditationScopeFactory,
    AuditorQualificationFactory,
    ClientFactory,
    ClientSiteFactory,
)
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.standards.models import IafCode, StandardEdition
from qms.standards.tests.factories import EditionFactory, IafCodeFactory, StandardFactory


def member(organization: Any, role: str, email: str) -> Any:
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(email=email, full_name=email)
    ).user


@dataclass
class World:
    organization: Any
    manager: Any
    reviewer: Any
    lead: Any
    auditor: Any
    decider: Any
    edition: StandardEdition
    other_edition: StandardEdition
    code17: IafCode
    code28: IafCode
    client: Client
    site: ClientSite
    other_site: ClientSite


def cb_world(organization: Any) -> World:
    """The certification body of `organization` (Acme in the tests)."""
    manager = member(organization, CERTIFICATION_MANAGER, "manager@cb.test")
    reviewer = member(organization, TECHNICAL_REVIEWER, "reviewer@cb.test")
    lead = member(organization, CB_AUDITOR, "lead@cb.test")
    auditor = member(organization, CB_AUDITOR, "auditor@cb.test")
    decider = member(organization, DECISION_MAKER, "decision@cb.test")
    iso9001 = StandardFactory(code="ISO 9001", urn="urn:test:iso9001")
    edition = EditionFactory(standard=iso9001, edition="2015", urn="urn:test:iso9001:2015")
    iso14001 = StandardFactory(code="ISO 14001", urn="urn:test:iso14001")
    other_edition = EditionFactory(standard=iso14001, edition="2015", urn="urn:test:iso14001:2015")
    code17 = IafCodeFactory(code="17", title="Basic metals")
    code28 = IafCodeFactory(code="28", title="Construction")
    accreditation = AccreditationFactory(
        organization=organization,
        accreditation_body="UKAS",
        number="0001",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 12, 31),
    )
    scope = AccreditationScopeFactory(
        organization=organization,
        accreditation=accreditation,
        edition=edition,
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 12, 31),
    )
    qualification = AuditorQualificationFactory(
        organization=organization,
        person=lead,
        standard=iso9001,
        grade="lead_auditor",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 12, 31),
    )
    with allow_unaudited_writes():
        scope.iaf_codes.set([code17])
        qualification.iaf_codes.set([code17])
    client = ClientFactory(
        organization=organization, number="CL-0901", legal_name="Meridian Gauges Ltd"
    )
    site = ClientSiteFactory(
        organization=organization, client=client, name="Works", is_central_function=True
    )
    other_client = ClientFactory(
        organization=organization, number="CL-0902", legal_name="Other Client Ltd"
    )
    other_site = ClientSiteFactory(organization=organization, client=other_client, name="Yard")
    return World(
        organization=organization,
        manager=manager,
        reviewer=reviewer,
        lead=lead,
        auditor=auditor,
        decider=decider,
        edition=edition,
        other_edition=other_edition,
        code17=code17,
        code28=code28,
        client=client,
        site=site,
        other_site=other_site,
    )


def application_data(world: World, **changes: Any) -> dict[str, Any]:
    """A valid application of the world's client: the worked example's breakdown (domain
    spec §10: ENP 67)."""
    return {
        "client": world.client,
        "type": "initial",
        "received_on": dt.date(2026, 1, 15),
        "editions": [world.edition],
        "iaf_codes": [world.code17],
        "scope": "Design and manufacture of pressure gauges.",
        "sites": [world.site],
        "full_time": 58,
        "shifts": 2,
        "part_time": 10,
        "part_time_hours": 20,
        "full_time_hours": 40,
        "seasonal": 4,
        **changes,
    }
