"""Fixtures of the audit-time door tests (form, preview, pages, PDF, API, CLI): the IAF MD 5
tables loaded, the three standards' editions, people of a certification body by role, and
the worked example of domain spec §10 as each door takes it. No test here."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from qms.accounts.models import User
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.certification.models import Client
from qms.certification.tests.factories import ClientFactory
from qms.organizations.models import Organization
from qms.standards import loader
from qms.standards.models import StandardEdition
from qms.standards.tests.factories import EditionFactory, StandardFactory

FIXTURES = Path(loader.__file__).parent / "fixtures"

# Domain spec §10: 58 full-time (2 shifts), 10 part-timers at 20 h of 40 h, 4 seasonal,
# ISO 9001, medium, an interpreter (+5 %), certified to ISO 14001 by the same body (-10 %).
INTERPRETER = "Interviews on the shop floor need a Polish interpreter."
MATURE = "Mature system, certified to ISO 14001 by us since 2019."
WORKED_FIGURES = {
    "t_table": 6.0,
    "t_adjusted": 5.7,
    "t_final": 5.5,
    "stage1": 2.0,
    "stage2": 3.5,
    "on_site_min": 4.5,
    "off_site_max": 1.0,
    "surveillance": 2.0,
    "recertification": 3.5,
}
FIGURES = (*WORKED_FIGURES, "enp", "table_enp", "audit_days", "sites_sampled", "table_ref")


@pytest.fixture
def md5_tables(db: Any) -> None:
    """IAF MD 5 Tables QMS 1, EMS 1 and OH&SMS 1 as `qms standards load` writes them."""
    loader.load_files(sorted(FIXTURES.glob("iaf-md5-*.yaml")))


def _edition(code: str, urn: str, year: str) -> StandardEdition:
    standard = StandardFactory(code=code, urn=urn, title=f"{code} management systems")
    edition: Any = EditionFactory(standard=standard, edition=year, status="current")
    return edition


@pytest.fixture
def iso9001(md5_tables: None) -> StandardEdition:
    return _edition("ISO 9001", "urn:qms:iso:9001", "2015")


@pytest.fixture
def iso14001(md5_tables: None) -> StandardEdition:
    return _edition("ISO 14001", "urn:qms:iso:14001", "2015")


@pytest.fixture
def iso27001(md5_tables: None) -> StandardEdition:
    """A standard without an IAF MD 5 table (ISO/IEC 27006-1 gives its audit time)."""
    return _edition("ISO/IEC 27001", "urn:qms:iso-iec:27001", "2022")


def _member(organization: Organization, role: str, email: str) -> User:
    membership: Any = MembershipFactory(
        organization=organization, role=role, user=UserFactory(email=email)
    )
    return membership.user


@pytest.fixture
def cert_manager(organization: Organization) -> User:
    return _member(organization, "certification_manager", "manager@acme.test")


@pytest.fixture
def tech_reviewer(organization: Organization) -> User:
    return _member(organization, "technical_reviewer", "reviewer@acme.test")


@pytest.fixture
def cb_auditor(organization: Organization) -> User:
    """May read calculations, not make them."""
    return _member(organization, "cb_auditor", "cbauditor@acme.test")


@pytest.fixture
def their_manager(other_organization: Organization) -> User:
    """The other organization's certification manager: every right there, none here."""
    return _member(other_organization, "certification_manager", "manager@northwind.test")


@pytest.fixture
def acme_client(organization: Organization) -> Client:
    client: Any = ClientFactory(organization=organization, legal_name="Precision Gauges Ltd")
    return client


def worked_form(edition: StandardEdition, **changes: Any) -> dict[str, Any]:
    """The worked example as the form posts it (breakdown, two factor rows)."""
    data: dict[str, Any] = {
        "editions": [edition.pk],
        "personnel_mode": "breakdown",
        "full_time": "58",
        "shifts": "2",
        "part_time_count": "10",
        "part_time_hours": "20",
        "full_time_hours": "40",
        "seasonal": "4",
        "complexity": "medium",
        "sites": "1",
        "audit_type": "initial",
        **factor_rows(("interpreter", "5", INTERPRETER), ("mature", "-10", MATURE)),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def factor_rows(*rows: tuple[str, str, str]) -> dict[str, str]:
    data = {
        "factors-TOTAL_FORMS": str(len(rows)),
        "factors-INITIAL_FORMS": "0",
        "factors-MIN_NUM_FORMS": "0",
        "factors-MAX_NUM_FORMS": "20",
    }
    for index, (code, pct, justification) in enumerate(rows):
        data[f"factors-{index}-code"] = code
        data[f"factors-{index}-pct"] = pct
        data[f"factors-{index}-justification"] = justification
    return data


def worked_api(**changes: Any) -> dict[str, Any]:
    """The worked example as the API takes it."""
    body: dict[str, Any] = {
        "standards": ["iso9001"],
        "personnel": {
            "full_time": 58,
            "shifts": 2,
            "part_time_count": 10,
            "part_time_hours": 20,
            "full_time_hours": 40,
            "seasonal": 4,
        },
        "complexity": "medium",
        "factors": [
            {"code": "interpreter", "pct": 5, "justification": INTERPRETER},
            {"code": "mature", "pct": -10, "justification": MATURE},
        ],
        "audit_type": "initial",
    }
    body.update(changes)
    return body


def cli_json(*args: str) -> dict[str, Any]:
    """`qms audit-time ... --json`, parsed."""
    out = StringIO()
    call_command("audit_time", *args, "--json", stdout=out)
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


def worked_cli(*extra: str) -> dict[str, Any]:
    return cli_json(
        "--standard",
        "iso9001",
        "--full-time",
        "58",
        "--shifts",
        "2",
        "--part-time",
        "10",
        "--part-time-hours",
        "20",
        "--seasonal",
        "4",
        "--complexity",
        "medium",
        "--factor",
        f"interpreter=+5:{INTERPRETER}",
        "--factor",
        f"mature=-10:{MATURE}",
        *extra,
    )


def figures(result: dict[str, Any]) -> dict[str, Any]:
    """The figures every door must agree on."""
    return {key: result[key] for key in FIGURES}
