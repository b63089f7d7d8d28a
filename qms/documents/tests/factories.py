"""Factories of the register's models (set-up rows: no audit events needed)."""

from __future__ import annotations

import datetime as dt

import factory

from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.documents.choices import DistributionKind, DocumentType, ReviewOutcome
from qms.documents.models import (
    Acknowledgement,
    Document,
    DocumentDistribution,
    DocumentReview,
    DocumentRevision,
    NumberingScheme,
)
from qms.organizations.tests.factories import OrganizationFactory


class NumberingSchemeFactory(ModelFactory):
    class Meta:
        model = NumberingScheme

    organization = factory.SubFactory(OrganizationFactory)
    document_type = DocumentType.PROCEDURE
    pattern = "QP-{seq:03}"


class DocumentFactory(ModelFactory):
    class Meta:
        model = Document

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"QP-F{n:04d}")
    title = factory.Sequence(lambda n: f"Procedure {n}")
    document_type = DocumentType.PROCEDURE
    owner = factory.SubFactory(UserFactory)


class DocumentRevisionFactory(ModelFactory):
    class Meta:
        model = DocumentRevision

    organization = factory.SubFactory(OrganizationFactory)
    document = factory.SubFactory(
        DocumentFactory, organization=factory.SelfAttribute("..organization")
    )
    number = factory.Sequence(lambda n: n + 1)
    author = factory.SubFactory(UserFactory)
    body = "Text of the revision."


# The reading side's models (helper "docread"): the core registry finds factories here.


class DocumentDistributionFactory(ModelFactory):
    class Meta:
        model = DocumentDistribution

    organization = factory.SubFactory(OrganizationFactory)
    document = factory.SubFactory(
        DocumentFactory, organization=factory.SelfAttribute("..organization")
    )
    kind = DistributionKind.ROLE
    role = "employee"


class AcknowledgementFactory(ModelFactory):
    class Meta:
        model = Acknowledgement

    organization = factory.SubFactory(OrganizationFactory)
    revision = factory.SubFactory(
        DocumentRevisionFactory, organization=factory.SelfAttribute("..organization")
    )
    user = factory.SubFactory(UserFactory)


class DocumentReviewFactory(ModelFactory):
    class Meta:
        model = DocumentReview

    organization = factory.SubFactory(OrganizationFactory)
    document = factory.SubFactory(
        DocumentFactory, organization=factory.SelfAttribute("..organization")
    )
    reviewer = factory.SubFactory(UserFactory)
    reviewed_on = factory.LazyFunction(lambda: dt.date(2026, 11, 1))
    outcome = ReviewOutcome.NO_CHANGE
