"""Demo data of the foundation: two organizations, one person per role, sites, processes.

Every step looks before it writes, so running it again changes nothing.
"""

from __future__ import annotations

from typing import Any

from qms.accounts import services as accounts
from qms.accounts.models import Membership, User
from qms.core.permissions import Role

from . import services
from .models import Organization, Process, Site

PASSWORD = "demo"  # noqa: S105 - printed by `make run`; demo refuses to run in production

ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "slug": "acme",
        "name": "Acme Gauges Ltd",
        "legal_name": "Acme Gauges Limited",
        "country": "GB",
        "website": "https://acme.example",
        "people": [
            ("owner@acme.example", "Olivia Owen", Role.OWNER),
            ("quality@acme.example", "Quentin Quayle", Role.QUALITY_MANAGER),
            ("process@acme.example", "Priya Patel", Role.PROCESS_OWNER),
            ("auditor@acme.example", "Aidan Archer", Role.INTERNAL_AUDITOR),
            ("employee@acme.example", "Emma Ellis", Role.EMPLOYEE),
            ("viewer@acme.example", "Victor Vale", Role.VIEWER),
        ],
        "sites": [
            {
                "name": "Sheffield works",
                "address": "12 Forge Lane\nSheffield S3 8AA",
                "country": "GB",
                "is_head_office": True,
                "employees": 64,
            },
            {
                "name": "Calibration laboratory",
                "address": "Unit 4, Don Valley Park\nSheffield",
                "country": "GB",
                "employees": 9,
            },
        ],
        "processes": [
            ("P-01", "Sales and contract review", "quality@acme.example", "Sheffield works"),
            ("P-02", "Design of measuring instruments", "process@acme.example", "Sheffield works"),
            ("P-03", "Machining and assembly", "process@acme.example", "Sheffield works"),
            (
                "P-04",
                "Calibration and final inspection",
                "process@acme.example",
                "Calibration laboratory",
            ),
            ("P-05", "Purchasing and supplier control", "quality@acme.example", "Sheffield works"),
        ],
    },
    {
        "slug": "northwind",
        "name": "Northwind Castings",
        "legal_name": "Northwind Castings GmbH",
        "country": "DE",
        "website": "https://northwind.example",
        "people": [("quality@northwind.example", "Nora Weiss", Role.OWNER)],
        "sites": [
            {
                "name": "Duisburg foundry",
                "address": "Hafenstraße 7\n47119 Duisburg",
                "country": "DE",
                "is_head_office": True,
                "employees": 140,
            }
        ],
        "processes": [
            ("NW-1", "Melting and pouring", "quality@northwind.example", "Duisburg foundry")
        ],
    },
]


def _person(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = accounts.user_create(actor=None, email=email, password=PASSWORD, full_name=full_name)
    return user


def load(*, stdout: Any) -> None:
    for spec in ORGANIZATIONS:
        organization = Organization.objects.filter(slug=spec["slug"]).first()
        people = [(_person(email, name), role) for email, name, role in spec["people"]]
        owner = people[0][0]
        if organization is None:
            organization = services.organization_create(
                actor=owner,
                name=spec["name"],
                slug=spec["slug"],
                legal_name=spec["legal_name"],
                country=spec["country"],
                website=spec["website"],
            )
            stdout.write(f"  created {organization.name}")
        for user, role in people:
            if not Membership.objects.filter(organization=organization, user=user).exists():
                accounts.membership_create(
                    actor=owner, organization=organization, user=user, role=role
                )
        sites = {site.name: site for site in Site.objects.filter(organization=organization)}
        for site_spec in spec["sites"]:
            if site_spec["name"] not in sites:
                sites[site_spec["name"]] = services.site_create(
                    actor=owner, organization=organization, **site_spec
                )
        existing = set(
            Process.objects.filter(organization=organization).values_list("name", flat=True)
        )
        for code, name, owner_email, site_name in spec["processes"]:
            if name not in existing:
                services.process_create(
                    actor=owner,
                    organization=organization,
                    name=name,
                    code=code,
                    owner=User.objects.get(email=owner_email),
                    site=sites[site_name],
                )
