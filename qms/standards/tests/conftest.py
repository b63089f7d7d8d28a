"""Fixtures of the standards tests: the library loaded, editions adopted, records to link."""

from __future__ import annotations

from typing import Any

import pytest

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.organizations.models import Organization
from qms.standards.loader import load_files
from qms.standards.models import Clause, OrganizationStandard, StandardEdition


@pytest.fixture
def library(db: Any) -> None:
    load_files()


def edition(urn: str) -> StandardEdition:
    return StandardEdition.objects.select_related("standard").get(urn=urn)


def clause(edition_urn: str, number: str) -> Clause:
    return Clause.objects.select_related("edition__standard").get(
        edition__urn=edition_urn, number=number
    )


def adopt(organization: Organization, urn: str) -> OrganizationStandard:
    with allow_unaudited_writes():
        return OrganizationStandard.objects.create(
            organization=organization, edition=edition(urn), scope="All of it."
        )


Q2015 = "urn:qms:iso:9001:2015"
Q2026 = "urn:qms:iso:9001:2026"
E2015 = "urn:qms:iso:14001:2015"
I2022 = "urn:qms:iso-iec:27001:2022"


@pytest.fixture
def iso9001(library: None, organization: Organization) -> OrganizationStandard:
    return adopt(organization, Q2015)
