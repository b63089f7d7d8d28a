from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qms.access_grants.models import AccessGrant, EvidenceRequest
from qms.accounts.tests.factories import UserFactory
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory


class AccessGrantFactory(ModelFactory):
    class Meta:
        model = AccessGrant

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"AG-2026-{n + 1:03d}")
    grantee = factory.SubFactory(UserFactory)
    grantee_name = "Alex Auditor"
    grantee_email = factory.LazyAttribute(lambda o: o.grantee.email)
    firm = "Example Certification Ltd"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=29))
    record_types = factory.LazyFunction(lambda: ["documents", "nonconformities"])
    granted_by = factory.SubFactory(UserFactory)


class EvidenceRequestFactory(ModelFactory):
    class Meta:
        model = EvidenceRequest

    grant = factory.SubFactory(AccessGrantFactory)
    organization = factory.LazyAttribute(lambda o: o.grant.organization)
    number = factory.Sequence(lambda n: f"ER-2026-{n + 1:03d}")
    text = "Show me the calibration records for line 2."
    requested_by = factory.LazyAttribute(lambda o: o.grant.grantee)
    owner = factory.LazyAttribute(lambda o: o.grant.granted_by)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=5))
