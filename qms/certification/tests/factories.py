"""Factories of every certification model (the tenancy walker finds them here)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from qms.accounts.tests.factories import UserFactory
from qms.certification.models import (
    Accreditation,
    AccreditationScope,
    Application,
    AuditorQualification,
    AuditTimeCalculation,
    CertAudit,
    CertificationBody,
    CertificationProgramme,
    Client,
    ClientContact,
    ClientSite,
    TransferReview,
)
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory
from qms.standards.tests.factories import EditionFactory, StandardFactory

_SAME_ORGANIZATION = factory.SelfAttribute("..organization")


class CertificationBodyFactory(ModelFactory):
    class Meta:
        model = CertificationBody

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.LazyAttribute(lambda o: f"{o.organization.name} Certification")
    address = "1 Audit Street, Leeds"


class AccreditationFactory(ModelFactory):
    class Meta:
        model = Accreditation

    organization = factory.SubFactory(OrganizationFactory)
    accreditation_body = "UKAS"
    number = factory.Sequence(lambda n: f"{1000 + n}")
    valid_from = dt.date(2024, 1, 1)
    valid_until = dt.date(2028, 12, 31)


class AccreditationScopeFactory(ModelFactory):
    class Meta:
        model = AccreditationScope

    organization = factory.SubFactory(OrganizationFactory)
    accreditation = factory.SubFactory(AccreditationFactory, organization=_SAME_ORGANIZATION)
    edition = factory.SubFactory(EditionFactory)
    valid_from = dt.date(2024, 1, 1)
    valid_until = dt.date(2028, 12, 31)


class AuditorQualificationFactory(ModelFactory):
    class Meta:
        model = AuditorQualification

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(UserFactory)
    standard = factory.SubFactory(StandardFactory)
    grade = "lead_auditor"
    valid_from = dt.date(2024, 1, 1)
    valid_until = dt.date(2028, 12, 31)


class ClientFactory(ModelFactory):
    class Meta:
        model = Client

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"CL-{n + 1:04d}")
    legal_name = factory.Sequence(lambda n: f"Client {n} Ltd")
    address = "2 Factory Road, Sheffield"
    country = "GB"


class ClientSiteFactory(ModelFactory):
    class Meta:
        model = ClientSite

    organization = factory.SubFactory(OrganizationFactory)
    client = factory.SubFactory(ClientFactory, organization=_SAME_ORGANIZATION)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "3 Works Lane, Sheffield"
    country = "GB"
    personnel = 20


class ClientContactFactory(ModelFactory):
    class Meta:
        model = ClientContact

    organization = factory.SubFactory(OrganizationFactory)
    client = factory.SubFactory(ClientFactory, organization=_SAME_ORGANIZATION)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@client.example")


class ApplicationFactory(ModelFactory):
    class Meta:
        model = Application

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"APP-2026-{n + 1:04d}")
    client = factory.SubFactory(ClientFactory, organization=_SAME_ORGANIZATION)
    type = "initial"
    received_on = dt.date(2026, 1, 15)
    scope = "Design and manufacture of pressure gauges."
    full_time = 58
    part_time = 10
    part_time_hours = Decimal("20")
    seasonal = 4


class TransferReviewFactory(ModelFactory):
    class Meta:
        model = TransferReview

    organization = factory.SubFactory(OrganizationFactory)
    application = factory.SubFactory(
        ApplicationFactory, organization=_SAME_ORGANIZATION, type="transfer"
    )
    issuing_body = "Other Certification Ltd"
    issuing_accreditation_body = "UKAS"
    certificate_number = factory.Sequence(lambda n: f"OC-{n}")
    certificate_expiry = dt.date(2027, 6, 30)
    reason = "Better service."


class AuditTimeCalculationFactory(ModelFactory):
    class Meta:
        model = AuditTimeCalculation

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"AT-2026-{n + 1:04d}")
    standards = "ISO 9001"
    enp = Decimal("67")
    t_final = Decimal("5.5")
    table_ref = "IAF MD 5:2019 Issue 4 Version 3, Table QMS 1"
    calculated_by = factory.SubFactory(UserFactory)


class CertificationProgrammeFactory(ModelFactory):
    class Meta:
        model = CertificationProgramme

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"CP-2026-{n + 1:04d}")
    client = factory.SubFactory(ClientFactory, organization=_SAME_ORGANIZATION)
    kind = "initial"


class CertAuditFactory(ModelFactory):
    class Meta:
        model = CertAudit

    organization = factory.SubFactory(OrganizationFactory)
    programme = factory.SubFactory(CertificationProgrammeFactory, organization=_SAME_ORGANIZATION)
    kind = "stage1"
