from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory
from qms.surveys.models import (
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from qms.surveys.tokens import new_nonce, token_for, token_hash


class SurveyFactory(ModelFactory):
    class Meta:
        model = Survey

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Customer satisfaction {n}")
    period_label = "2026 H1"
    period_start = dt.date(2026, 1, 1)


class SurveyQuestionFactory(ModelFactory):
    class Meta:
        model = SurveyQuestion

    organization = factory.SubFactory(OrganizationFactory)
    survey = factory.SubFactory(SurveyFactory, organization=factory.SelfAttribute("..organization"))
    text = factory.Sequence(lambda n: f"How satisfied are you with point {n}?")
    kind = "rating_5"
    order = factory.Sequence(lambda n: n)


class SurveyInvitationFactory(ModelFactory):
    """`token` (not a model field) is the raw link token, for tests: `invitation.token`."""

    class Meta:
        model = SurveyInvitation
        exclude = ("token",)

    organization = factory.SubFactory(OrganizationFactory)
    survey = factory.SubFactory(
        SurveyFactory, organization=factory.SelfAttribute("..organization"), status="open"
    )
    customer_name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"buyer{n}@customer.example")
    token_nonce = factory.LazyFunction(new_nonce)
    token = factory.LazyAttribute(lambda o: token_for(o.token_nonce))
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    sent_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class SurveyResponseFactory(ModelFactory):
    class Meta:
        model = SurveyResponse

    organization = factory.SubFactory(OrganizationFactory)
    invitation = factory.SubFactory(
        SurveyInvitationFactory,
        organization=factory.SelfAttribute("..organization"),
        answered_at=factory.LazyFunction(timezone.now),
    )
    survey = factory.SelfAttribute("invitation.survey")
    submitted_at = factory.LazyFunction(timezone.now)


class SurveyAnswerFactory(ModelFactory):
    class Meta:
        model = SurveyAnswer

    response = factory.SubFactory(SurveyResponseFactory)
    question = factory.SubFactory(
        SurveyQuestionFactory,
        organization=factory.SelfAttribute("..response.organization"),
        survey=factory.SelfAttribute("..response.survey"),
    )
    rating = 4
