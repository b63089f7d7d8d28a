from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qms.accounts.tests.factories import UserFactory
from qms.complaints.models import Complaint
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory


class ComplaintFactory(ModelFactory):
    class Meta:
        model = Complaint

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"CMP-2026-{n + 1:04d}")
    customer_name = factory.Sequence(lambda n: f"Customer {n}")
    received_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2))
    acknowledgement_due = factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=5))
    channel = "email"
    description = "The gauges delivered were out of calibration."
    owner = factory.SubFactory(UserFactory)
