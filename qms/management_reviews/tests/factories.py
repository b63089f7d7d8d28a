"""Factories of management reviews and their parts (the tenancy walker finds them here)."""

from __future__ import annotations

import datetime as dt

import factory

from qms.accounts.tests.factories import UserFactory
from qms.actions.tests.factories import ActionFactory
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory

from ..models import Attendance, InputSection, ManagementReview, Output


class ManagementReviewFactory(ModelFactory):
    class Meta:
        model = ManagementReview

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"MR-2026-{n + 50:02d}")  # apart from services
    title = factory.Sequence(lambda n: f"Management review {n}")
    planned_on = dt.date(2026, 3, 10)
    period_start = dt.date(2025, 3, 1)
    period_end = dt.date(2026, 2, 28)
    chair = factory.SubFactory(UserFactory)


class AttendanceFactory(ModelFactory):
    class Meta:
        model = Attendance

    organization = factory.SubFactory(OrganizationFactory)
    review = factory.SubFactory(
        ManagementReviewFactory, organization=factory.SelfAttribute("..organization")
    )
    name = factory.Sequence(lambda n: f"External person {n}")
    role = "Consultant"


class InputSectionFactory(ModelFactory):
    class Meta:
        model = InputSection

    organization = factory.SubFactory(OrganizationFactory)
    review = factory.SubFactory(
        ManagementReviewFactory, organization=factory.SelfAttribute("..organization")
    )
    key = factory.Sequence(lambda n: f"section_{n}")
    title = "Adequacy of resources"
    clause = "9.3.2 d)"
    position = factory.Sequence(lambda n: n + 1)


class OutputFactory(ModelFactory):
    class Meta:
        model = Output

    organization = factory.SubFactory(OrganizationFactory)
    review = factory.SubFactory(
        ManagementReviewFactory, organization=factory.SelfAttribute("..organization")
    )
    kind = "improvement"
    decision = "Automate the calibration reminders."
    action = factory.SubFactory(ActionFactory, organization=factory.SelfAttribute("..organization"))
