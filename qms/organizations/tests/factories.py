from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from qms.organizations.models import Organization, Process, Site


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    country = "GB"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    country = "GB"


class ProcessFactory(DjangoModelFactory):
    class Meta:
        model = Process

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Process {n}")
    code = factory.Sequence(lambda n: f"P-{n:02d}")
