"""Fixtures of the programme and audit tests: the ISO 9001:2015 library adopted by Acme,
processes with owners, and audits made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits import services
from qms.internal_audits.models import Audit
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.loader import load_files
from qms.standards.models import Clause, OrganizationStandard, StandardEdition

Q2015 = "urn:qms:iso:9001:2015"


def iso_clause(number: str) -> Clause:
    return Clause.objects.select_related("edition__standard").get(edition__urn=Q2015, number=number)


@pytest.fixture
def ia_library(db: Any) -> None:
    load_files()


@pytest.fixture
def ia_iso9001(ia_library: None, organization: Any) -> None:
    with allow_unaudited_writes():
        OrganizationStandard.objects.get_or_create(
            organization=organization,
            edition=StandardEdition.objects.get(urn=Q2015),
            defaults={"scope": "All of it."},
        )


@pytest.fixture
def purchasing(organization: Any, process_owner: Any) -> Any:
    return ProcessFactory(
        organization=organization, name="Purchasing", owner=process_owner, status="active"
    )


@pytest.fixture
def production(organization: Any, quality_manager: Any) -> Any:
    return ProcessFactory(
        organization=organization, name="Production", owner=quality_manager, status="active"
    )


@pytest.fixture
def make_ia(organization: Any, quality_manager: Any, auditor: Any) -> Any:
    """An audit created through the service (planned, this year's March by default)."""

    def make(**data: Any) -> Audit:
        values = {
            "title": "Purchasing audit",
            "lead_auditor": auditor,
            "planned_month": date(2026, 3, 1),
            **data,
        }
        return services.audit_create(actor=quality_manager, organization=organization, data=values)

    return make
