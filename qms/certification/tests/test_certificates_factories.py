"""The factories the tenancy and permission walkers use (once the lead imports them into
tests/factories.py) make valid records on their own."""

from __future__ import annotations

import pytest

from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_certificates import (
    CertificateFactory,
    CertificateStatusChangeFactory,
    CertificationDecisionFactory,
)

pytestmark = pytest.mark.django_db


def test_each_factory_makes_a_record_of_one_organization() -> None:
    with allow_unaudited_writes():
        change = CertificateStatusChangeFactory()
        decision = CertificationDecisionFactory()
    certificate = change.certificate
    assert certificate.organization_id == change.organization_id
    assert certificate.client.organization_id == certificate.organization_id
    assert certificate.programme.client_id == certificate.client_id
    assert decision.programme.organization_id == decision.organization_id
    with allow_unaudited_writes():
        assert CertificateFactory().status == "draft"
