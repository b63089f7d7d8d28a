from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qms.accounts.tests.factories import MembershipFactory
from qms.actions.models import Action
from qms.core.permissions import Role
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory


class ActionFactory(ModelFactory):
    """An open action owned by a member (an employee) of its organization, due in 10 days."""

    class Meta:
        model = Action

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"ACT-2026-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.LazyAttribute(
        lambda o: MembershipFactory(organization=o.organization, role=Role.EMPLOYEE).user
    )
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
