"""Who may lead a planned audit: members holding an auditing or managing role, as their
primary role or an additional one; internal auditors first."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.permissions import Role
from qms.internal_audits.services import _auditor_pool

pytestmark = pytest.mark.django_db


def test_an_additional_auditor_role_puts_a_member_in_the_pool(
    organization: Any, owner: Any, quality_manager: Any, employee: Any
) -> None:
    also = MembershipFactory(
        organization=organization,
        role=Role.EMPLOYEE,
        additional_roles=[Role.INTERNAL_AUDITOR],
        user=UserFactory(email="also@acme.test"),
    ).user
    assert _auditor_pool(organization.pk) == [also, quality_manager, owner]
