"""Demo data of the root-cause analysis, run at the end of the nonconformities demo.

For Acme's open nonconformities that have an analysis: a fuller 5-whys chain and Ishikawa
causes around the recorded root cause; for those with nonconforming output, dispositions
(rework, scrap, a concession authorised by the quality manager); and one 8D report. Closed
nonconformities are left as they are (nothing changes after closure). Everything goes
through the services; each part looks before it writes, so running it again adds nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.accounts.models import User
from qms.nonconformities.models import Nonconformity
from qms.organizations.models import Organization

from . import services
from .choices import CauseCategory
from .models import Disposition, EightDReport, RootCauseAnalysis

ORGANIZATION = "acme"
QUALITY = "quality@acme.example"
OWNER = "owner@acme.example"

# Contributing causes a machining and gauge-making shop finds again and again, by 6M.
CONTRIBUTING: dict[str, list[str]] = {
    "man": ["New starter not yet signed off on the task", "Shift handover done verbally"],
    "machine": ["Fixture worn at the locating pins", "Coolant concentration drifting"],
    "method": ["Work instruction silent on this case", "Check frequency set years ago"],
    "material": ["Casting hardness varies between lots", "Supplier changed the bar stock"],
    "measurement": ["Gauge R&R not repeated since 2023", "Visual check only, no gauge"],
    "environment": ["Shop 6 °C colder on night shift", "Dust near the inspection bench"],
}

WHY_TEMPLATES = (
    ("Why did it happen?", "{symptom}"),
    ("Why was it not caught at the next check?", "The check in place does not look at this."),
    ("Why does the check not look at it?", "{cause}"),
)


def load(*, stdout: Any) -> None:
    organization = Organization.objects.filter(slug=ORGANIZATION).first()
    if organization is None:
        return
    quality = User.objects.filter(email=QUALITY).first()
    owner = User.objects.filter(email=OWNER).first()
    if quality is None or owner is None:
        return
    open_ncs = list(
        Nonconformity.objects.for_organization(organization)
        .exclude(status="closed")
        .select_related("process", "owner")
        .order_by("detected_on", "id")
    )
    enriched = sum(_enrich(nc, quality) for nc in open_ncs)
    disposed = sum(_dispose(nc, quality, owner) for nc in open_ncs)
    reports = _eight_d(organization, open_ncs, quality)
    stdout.write(
        f"  root-cause analysis: {enriched} analyses with 5 whys and Ishikawa, "
        f"{disposed} dispositions, {reports} 8D report"
    )


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@transaction.atomic
def _enrich(nc: Nonconformity, actor: User) -> int:
    analysis = (
        RootCauseAnalysis.objects.for_organization(nc.organization_id)
        .filter(nonconformity=nc, cycle=nc.cycle)
        .first()
    )
    if analysis is None or any(analysis.ishikawa.get(key) for key in CauseCategory.values):
        return 0
    cause = analysis.root_cause or "The cause was not found yet."
    category = analysis.cause_category or CauseCategory.METHOD
    ishikawa: dict[str, list[str]] = {key: [] for key in CauseCategory.values}
    ishikawa[category].append(_short(cause))
    for index, key in enumerate(CauseCategory.values):
        if key != category and (nc.pk + index) % 2 == 0:
            ishikawa[key].append(CONTRIBUTING[key][(nc.pk + index) % 2])
    whys = [
        {"why": why, "answer": _short(answer.format(symptom=nc.title, cause=cause), 480)}
        for why, answer in WHY_TEMPLATES
    ]
    services.root_cause_analysis_update(
        actor=actor, instance=analysis, data={"five_whys": whys, "ishikawa": ishikawa}
    )
    return 1


@transaction.atomic
def _dispose(nc: Nonconformity, quality: User, owner: User) -> int:
    if nc.quantity_affected is None or nc.quantity_affected <= 0:
        return 0
    if Disposition.objects.for_organization(nc.organization_id).filter(nonconformity=nc).exists():
        return 0
    total = nc.quantity_affected
    rework = (total * Decimal("0.6")).quantize(Decimal("1"))
    scrap = max(total - rework - 1, Decimal(0))
    plan: list[dict[str, Any]] = [
        {"kind": "rework", "quantity": rework, "notes": "Re-machined and re-inspected 100 %."}
    ]
    if scrap > 0:
        plan.append({"kind": "scrap", "quantity": scrap, "notes": "Beyond rework: scrapped."})
    if total - rework - scrap > 0:
        plan.append(
            {
                "kind": "use_as_is",
                "quantity": total - rework - scrap,
                "authorised_by": owner,
                "concession_reference": f"CD-{nc.number[-4:]}",
                "notes": "Within the customer's functional limit; deviation accepted in writing.",
            }
        )
    for item in plan:
        services.disposition_create(
            actor=quality,
            organization=nc.organization,
            data={"nonconformity": nc, "decided_on": timezone.localdate(), **item},
        )
    return len(plan)


@transaction.atomic
def _eight_d(organization: Organization, ncs: list[Nonconformity], actor: User) -> int:
    if EightDReport.objects.for_organization(organization).exists():
        return 0
    analysed = set(
        RootCauseAnalysis.objects.for_organization(organization)
        .filter(nonconformity__in=ncs)
        .values_list("nonconformity_id", flat=True)
    )
    candidates = [nc for nc in ncs if nc.pk in analysed]
    if not candidates:
        return 0
    nc = max(candidates, key=lambda item: (item.severity == "major", item.quantity_affected or 0))
    services.eight_d_report_create(
        actor=actor,
        organization=organization,
        data={
            "nonconformity": nc,
            "d1_team": "Quality manager (team leader); machining supervisor; metrology "
            "technician; customer quality contact (by video call)",
            "d1_date": nc.detected_on,
            "d3_date": nc.detected_on,
            "d7_prevention": "The lesson is added to the FMEA of the process and to the "
            "induction of new machinists; the same check is rolled out to similar parts.",
        },
    )
    return 1
