"""Factories of every internal audits model (the tenancy walker finds them here)."""

from __future__ import annotations

import datetime as dt

import factory

from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.internal_audits.models import (
    Audit,
    AuditProgramme,
    ChecklistItem,
    Finding,
    ProgrammeProcess,
)
from qms.organizations.tests.factories import OrganizationFactory, ProcessFactory

_SAME_ORGANIZATION = factory.SelfAttribute("..organization")


class AuditProgrammeFactory(ModelFactory):
    class Meta:
        model = AuditProgramme

    organization = factory.SubFactory(OrganizationFactory)
    year = factory.Sequence(lambda n: 2026 + n % 50)
    title = factory.LazyAttribute(lambda o: f"Internal audit programme {o.year}")


class ProgrammeProcessFactory(ModelFactory):
    class Meta:
        model = ProgrammeProcess

    organization = factory.SubFactory(OrganizationFactory)
    programme = factory.SubFactory(AuditProgrammeFactory, organization=_SAME_ORGANIZATION)
    process = factory.SubFactory(ProcessFactory, organization=_SAME_ORGANIZATION)


class AuditFactory(ModelFactory):
    class Meta:
        model = Audit

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"IA-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Internal audit {n}")
    lead_auditor = factory.SubFactory(UserFactory)
    planned_month = dt.date(2026, 3, 1)


class ChecklistItemFactory(ModelFactory):
    class Meta:
        model = ChecklistItem

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(AuditFactory, organization=_SAME_ORGANIZATION)
    position = factory.Sequence(lambda n: (n + 1) * 10)
    question = factory.Sequence(lambda n: f"Walker question {n}: which records were seen?")


class FindingFactory(ModelFactory):
    class Meta:
        model = Finding

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(AuditFactory, organization=_SAME_ORGANIZATION)
    number = factory.Sequence(lambda n: f"F-{n + 1:02d}")
    grade = "observation"
    statement = factory.Sequence(lambda n: f"Walker finding {n}: a record was missing.")
