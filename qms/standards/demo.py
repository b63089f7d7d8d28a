"""Demo data of the standards library: load the library, then adopt editions.

Acme follows ISO 9001:2015; Northwind runs an integrated system on ISO 9001:2015 and
ISO 14001:2015. Runs after the organizations' demo (INSTALLED_APPS order) and looks before
it writes, so running it again changes nothing. The documents demo links its documents to
clauses.
"""

from __future__ import annotations

import datetime
from typing import Any

from qms.accounts.models import User
from qms.organizations.models import Organization

from . import services
from .loader import load_files
from .models import Clause, ClauseApplicability, OrganizationStandard, StandardEdition

ADOPTIONS: list[tuple[str, str, str, str, datetime.date]] = [
    (
        "acme",
        "quality@acme.example",
        "urn:qms:iso:9001:2015",
        "Design, manufacture, calibration and sale of precision measuring gauges at the "
        "Sheffield works and calibration laboratory. All requirements apply.",
        datetime.date(2019, 4, 1),
    ),
    (
        "northwind",
        "quality@northwind.example",
        "urn:qms:iso:9001:2015",
        "Sand and die casting of aluminium and grey-iron parts to customer drawings at the "
        "Duisburg foundry. Not applicable: 8.3 design and development (castings are made to "
        "customers' designs).",
        datetime.date(2017, 11, 15),
    ),
    (
        "northwind",
        "quality@northwind.example",
        "urn:qms:iso:14001:2015",
        "Environmental management of melting, pouring, finishing and waste handling at the "
        "Duisburg foundry.",
        datetime.date(2020, 6, 1),
    ),
]


def load(*, stdout: Any) -> None:
    report = load_files()
    if report.created or report.changed:
        stdout.write(f"  standards library: {report}")
    for slug, email, urn, scope, adopted_on in ADOPTIONS:
        organization = Organization.objects.filter(slug=slug).first()
        edition = StandardEdition.objects.filter(urn=urn).first()
        if organization is None or edition is None:
            continue
        if OrganizationStandard.objects.filter(organization=organization, edition=edition).exists():
            continue
        services.organization_standard_adopt(
            actor=User.objects.filter(email=email).first(),
            organization=organization,
            data={"edition": edition, "scope": scope, "adopted_on": adopted_on},
        )
        stdout.write(f"  {organization.name} adopted {edition}")
    _exclude_design(stdout)


def _exclude_design(stdout: Any) -> None:
    """Northwind casts to its customers' designs: ISO 9001 §8.3 does not apply."""
    organization = Organization.objects.filter(slug="northwind").first()
    design = Clause.objects.filter(edition__urn="urn:qms:iso:9001:2015", number="8.3").first()
    if organization is None or design is None:
        return
    if ClauseApplicability.objects.filter(organization=organization, clause=design).exists():
        return
    if not OrganizationStandard.objects.filter(
        organization=organization, edition_id=design.edition_id
    ).exists():
        return
    services.clause_applicability_set(
        actor=User.objects.filter(email="quality@northwind.example").first(),
        organization=organization,
        clause=design,
        applicable=False,
        justification=(
            "Castings are made to customers' drawings and specifications; Northwind does not "
            "design products. Stated in the scope (4.3)."
        ),
    )
    stdout.write(f"  {organization.name} declared ISO 9001 8.3 not applicable")
