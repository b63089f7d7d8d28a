"""A document distributed to a role reaches the members holding it as an additional role."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.permissions import Role
from qms.documents.services.reading import distribution_add, document_readers

from .test_reading_helpers import effective_document

pytestmark = pytest.mark.django_db


def test_a_role_reaches_members_holding_it_as_an_additional_role(
    organization: Any, process_owner: Any, quality_manager: Any, employee: Any
) -> None:
    document = effective_document(
        organization=organization, author=process_owner, approver=quality_manager
    )
    also = MembershipFactory(
        organization=organization,
        role=Role.VIEWER,
        additional_roles=[Role.EMPLOYEE],
        user=UserFactory(email="also@acme.test"),
    ).user
    distribution_add(
        actor=quality_manager, document=document, data={"kind": "role", "role": Role.EMPLOYEE}
    )
    assert document_readers(document=document) == sorted([employee, also], key=lambda u: u.email)
