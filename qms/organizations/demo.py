"""Demo data of the foundation: two organizations, one person per role, sites, processes.

Processes go through their workflow as people would: created as drafts, activated by a
manager with an electronic signature ("approved", the demo password re-entered), one of them
retired with a reason, one left in draft. Every step looks before it writes, so running it
again changes nothing.
"""

from __future__ import annotations

from typing import Any

from qms.accounts import services as accounts
from qms.accounts.models import Membership, User
from qms.core.permissions import Role
from qms.core.workflow import model_transition

from . import services
from .choices import ProcessStatus
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
        # Who activates (signs "approved") and retires the processes.
        "approver": "quality@acme.example",
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
            (
                "P-05",
                "Purchasing and supplier control",
                "quality@acme.example",
                "Sheffield works",
                ProcessStatus.DRAFT,
            ),
            (
                "P-06",
                "Paper document control",
                "quality@acme.example",
                "Sheffield works",
                ProcessStatus.RETIRED,
            ),
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
        "approver": "quality@northwind.example",
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
                data={
                    key: spec[key] for key in ("name", "slug", "legal_name", "country", "website")
                },
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
                    actor=owner, organization=organization, data=site_spec
                )
        approver = User.objects.get(email=spec["approver"])
        existing = {
            process.name: process for process in Process.objects.for_organization(organization)
        }
        for code, name, owner_email, site_name, *status in spec["processes"]:
            process = existing.get(name)
            if process is None:
                process = services.process_create(
                    actor=owner,
                    organization=organization,
                    data={
                        "name": name,
                        "code": code,
                        "owner": User.objects.get(email=owner_email),
                        "site": sites[site_name],
                    },
                )
            _bring_to(process, status[0] if status else ProcessStatus.ACTIVE, actor=approver)
    from .demo_process_map import load as load_process_map  # inputs, outputs, interactions

    load_process_map(stdout=stdout)


# The state a demo process reaches, step by step, from where it stands.
_STEPS = {
    (ProcessStatus.DRAFT, ProcessStatus.ACTIVE): ("activate",),
    (ProcessStatus.DRAFT, ProcessStatus.RETIRED): ("activate", "retire"),
    (ProcessStatus.ACTIVE, ProcessStatus.RETIRED): ("retire",),
}
_RETIRE_REASON = "Replaced by electronic document control in qms; paper copies withdrawn."


def _bring_to(process: Process, status: str, *, actor: User) -> None:
    for step in _STEPS.get((ProcessStatus(process.status), ProcessStatus(status)), ()):
        process = model_transition(
            actor=actor,
            instance=process,
            transition=step,
            password=PASSWORD if step == "activate" else None,
            reason=_RETIRE_REASON if step == "retire" else "",
        )
