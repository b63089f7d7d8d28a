from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import factory
from django.utils import timezone

from qms.accounts.models import ApiToken, Invitation, Membership, User
from qms.core.permissions import Role
from qms.core.testing.factories import ModelFactory
from qms.organizations.tests.factories import OrganizationFactory

PASSWORD = "correct horse battery staple"


class UserFactory(ModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(ModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EMPLOYEE


class InvitationFactory(ModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")
    role = Role.EMPLOYEE
    token_hash = factory.LazyFunction(lambda: hashlib.sha256(secrets.token_bytes(16)).hexdigest())
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class ApiTokenFactory(ModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    name = "test token"
    prefix = factory.Sequence(lambda n: f"qms_{n:06d}")
    token_hash = factory.LazyFunction(lambda: hashlib.sha256(secrets.token_bytes(16)).hexdigest())
