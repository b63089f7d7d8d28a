"""Factories of the standards models (library rows for unit tests; tenant rows for the
walkers in qms/core/tests, which make them with `organization=` or `subject=`)."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.contenttypes.models import ContentType

from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory, SiteFactory
from qms.standards.models import (
    Clause,
    ClauseApplicability,
    ClauseEvidence,
    IafCode,
    OrganizationStandard,
    Standard,
    StandardEdition,
    sort_key,
)


class StandardFactory(ModelFactory):
    class Meta:
        model = Standard

    urn = factory.Sequence(lambda n: f"urn:qms:test:{n}")
    code = factory.Sequence(lambda n: f"TEST {n}")
    title = "Test management systems"


class EditionFactory(ModelFactory):
    class Meta:
        model = StandardEdition

    standard = factory.SubFactory(StandardFactory)
    edition = "2024"
    urn = factory.LazyAttribute(lambda o: f"{o.standard.urn}:{o.edition}")
    status = "current"


class ClauseFactory(ModelFactory):
    class Meta:
        model = Clause

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: f"{n % 7 + 4}.{n}")
    urn = factory.LazyAttribute(lambda o: f"{o.edition.urn}:clause:{o.number}")
    title = factory.Sequence(lambda n: f"Clause {n}")
    sort_key = factory.LazyAttribute(lambda o: sort_key(o.number))
    may_be_not_applicable = True


class OrganizationStandardFactory(ModelFactory):
    class Meta:
        model = OrganizationStandard

    organization = factory.SubFactory(OrganizationFactory)
    edition = factory.SubFactory(EditionFactory)
    scope = "Everything we make."


class ClauseApplicabilityFactory(ModelFactory):
    class Meta:
        model = ClauseApplicability

    organization = factory.SubFactory(OrganizationFactory)
    clause = factory.SubFactory(ClauseFactory)
    applicable = False
    justification = "We do not design products."


def _organization(o: Any) -> Any:
    return o.subject.organization if o.subject is not None else OrganizationFactory()


class ClauseEvidenceFactory(ModelFactory):
    """Evidence linking `subject` (default: a new site of `organization`) to `clause`."""

    class Meta:
        model = ClauseEvidence
        exclude = ("subject", "target")

    subject = None
    organization = factory.LazyAttribute(_organization)
    target = factory.LazyAttribute(
        lambda o: o.subject if o.subject is not None else SiteFactory(organization=o.organization)
    )
    clause = factory.SubFactory(ClauseFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)


class IafCodeFactory(ModelFactory):
    class Meta:
        model = IafCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(100 + n))
    position = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Test sector {n}")
