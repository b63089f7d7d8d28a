from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from qms.accounts.selectors import are_members, check_member
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_are_members_answers_for_every_user_in_one_query(django_assert_num_queries):
    organization = OrganizationFactory()
    members = [MembershipFactory(organization=organization).user for _ in range(3)]
    outsider = MembershipFactory().user  # a member elsewhere only

    with django_assert_num_queries(1):
        assert are_members(organization_id=organization.pk, users=members)
    with django_assert_num_queries(1):
        assert not are_members(organization_id=organization.pk, users=[*members, outsider])
    with django_assert_num_queries(0):
        assert are_members(organization_id=organization.pk, users=[])


def test_check_member_refuses_an_outsider_beside_the_field():
    organization = OrganizationFactory()
    member = MembershipFactory(organization=organization).user

    check_member(organization_id=organization.pk, user=member)
    check_member(organization_id=organization.pk, user=None)  # "required" is not its rule
    with pytest.raises(ValidationError) as refused:
        check_member(organization_id=organization.pk, user=UserFactory(), field="approver")
    assert refused.value.message_dict == {
        "approver": ["The owner must be a member of the organization."]
    }
