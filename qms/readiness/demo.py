"""Demo data of the readiness report: Acme's Stage 1 readiness, computed from the demo
records of every earlier app (runs last but for access grants, INSTALLED_APPS order).

No evidence is invented here. The documents demo links its procedures to clauses; this adds
the links a quality manager would make from records that already exist and genuinely
evidence a clause (the process map for 4.4 and 8.1, the quality objectives for 6.2, 9.1
and 10.3, a customer survey for 5.1.2, an approved improvement opportunity for 10.1),
which brings Acme to about 80 %. Then one snapshot of the report is saved. Idempotent:
existing links are kept, and nothing is written once Acme has a snapshot.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from qms.accounts.models import User
from qms.objectives.models import QualityObjective
from qms.organizations.models import Organization, Process
from qms.risks.models import Risk
from qms.standards.models import Clause, ClauseEvidence, OrganizationStandard
from qms.standards.services import evidence_link
from qms.surveys.models import Survey

from . import services
from .models import ReadinessSnapshot
from .selectors import readiness_report

QUALITY = "quality@acme.example"
EDITION = "urn:qms:iso:9001:2015"

# (model, lookup of the record, clause numbers it evidences, why)
LINKS: list[tuple[type[Model], dict[str, Any], tuple[str, ...], str]] = [
    (Process, {"code": "P-04"}, ("4.4.1", "4.4.2", "5.3"), "Owner, inputs, outputs, criteria"),
    (Process, {"code": "P-01"}, ("4.4.1",), "Process with owner and criteria"),
    (Process, {"code": "P-03"}, ("4.4.1", "8.1"), "Operational planning of machining"),
    (QualityObjective, {"number": "OBJ-2025-001"}, ("6.2.1", "6.2.2"), "Objective with plan"),
    (QualityObjective, {"number": "OBJ-2025-002"}, ("6.2.1", "9.1.1"), "Monitored monthly"),
    (QualityObjective, {"number": "OBJ-2025-004"}, ("9.1.3",), "Survey results analysed"),
    (QualityObjective, {"number": "OBJ-2025-005"}, ("10.3",), "Scrap reduction"),
    (Survey, {"status": "closed"}, ("5.1.2",), "Customer feedback"),
    (Risk, {"number": "OPP-2026-0001"}, ("10.1",), "Approved improvement opportunity"),
]


def load(*, stdout: Any) -> None:
    acme = Organization.objects.filter(slug="acme").first()
    actor = User.objects.filter(email=QUALITY).first()
    if acme is None or actor is None:
        return
    if ReadinessSnapshot.objects.for_organization(acme).exists():
        return
    adopted = OrganizationStandard.objects.for_organization(acme).filter(edition__urn=EDITION)
    if not adopted.exists():
        return
    linked = _link_evidence(acme, actor)
    report = readiness_report(organization=acme, today=timezone.localdate())
    stdout.write(
        f"Readiness: {linked} evidence links added; Acme at {report.percentage} % "
        f"({report.ready} of {report.applicable} clauses), {len(report.blocking)} blocking gap(s)."
    )
    if report.lacking:
        stdout.write(
            "  clauses still lacking evidence: "
            + ", ".join(line.clause.number for line in report.lacking)
        )
    services.snapshot_save(
        actor=actor,
        organization=acme,
        note="Demo: readiness before booking the Stage 1 audit",
    )


def _link_evidence(organization: Organization, actor: User) -> int:
    clauses = {clause.number: clause for clause in Clause.objects.filter(edition__urn=EDITION)}
    count = 0
    for model, lookup, numbers, note in LINKS:
        manager: Any = model._default_manager
        subject = manager.for_organization(organization).filter(**lookup).order_by("pk").first()
        if subject is None:
            continue
        content_type = ContentType.objects.get_for_model(subject)
        existing = set(
            ClauseEvidence.objects.for_organization(organization)
            .filter(content_type=content_type, object_id=subject.pk)
            .values_list("clause__number", flat=True)
        )
        for number in numbers:
            if number in existing or number not in clauses:
                continue
            evidence_link(
                actor=actor,
                subject=subject,
                clause=clauses[number],
                note=note,
                organization=organization,
            )
            count += 1
    return count
