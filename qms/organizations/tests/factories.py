from __future__ import annotations

import factory

from qms.core.testing.factories import ModelFactory
from qms.organizations.models import Organization, Process, ProcessInteraction, Site


class OrganizationFactory(ModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    country = "GB"


class SiteFactory(ModelFactory):
    class Meta:
        model = Site

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    country = "GB"


class ProcessFactory(ModelFactory):
    class Meta:
        model = Process

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Process {n}")
    code = factory.Sequence(lambda n: f"P-{n:02d}")


class ProcessInteractionFactory(ModelFactory):
    class Meta:
        model = ProcessInteraction

    organization = factory.SubFactory(OrganizationFactory)
    from_process = factory.SubFactory(
        ProcessFactory, organization=factory.SelfAttribute("..organization")
    )
    to_process = factory.SubFactory(
        ProcessFactory, organization=factory.SelfAttribute("..organization")
    )
    flow = factory.Sequence(lambda n: f"Flow {n}")
