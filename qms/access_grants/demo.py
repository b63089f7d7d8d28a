"""Demo data: Acme gives an external auditor of "Example Certification Ltd" 30 days of
read-only access (ISO 9001, every clause; documents, NCs, internal audits, readiness),
with one answered evidence request and one still open. Safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from qms.accounts.models import User
from qms.accounts.services.users import user_set_password
from qms.core.attachments.services import attachment_add
from qms.organizations.models import Organization
from qms.standards.selectors import adopted_edition_ids

from . import services
from .models import AccessGrant

AUDITOR = "auditor@cb.example"
PASSWORD = "demo"  # noqa: S105  (the published demo password)
QUALITY = "quality@acme.example"


def load(*, stdout: Any) -> None:
    acme = Organization.objects.filter(slug="acme").first()
    manager = User.objects.filter(email=QUALITY).first()
    if acme is None or manager is None:
        return
    if AccessGrant.objects.filter(organization=acme, grantee_email=AUDITOR).exists():
        return
    editions = adopted_edition_ids(organization=acme)
    if not editions:
        return
    from qms.standards.models import StandardEdition

    iso = [e for e in StandardEdition.objects.filter(pk__in=editions) if "9001" in e.urn][:1]
    now = timezone.now().replace(second=0, microsecond=0)
    grant = services.grant_create(
        actor=manager,
        organization=acme,
        data={
            "grantee_name": "Sam Certifier",
            "grantee_email": AUDITOR,
            "firm": "Example Certification Ltd",
            "grantee_role": "certification_auditor",
            "purpose": "Stage 1 audit: documented information and readiness.",
            "starts_at": now - dt.timedelta(hours=1),
            "ends_at": now + dt.timedelta(days=30),
            "editions": iso or list(StandardEdition.objects.filter(pk__in=editions)[:1]),
            "record_types": ["documents", "nonconformities", "internal_audits", "readiness"],
        },
    )
    auditor = grant.grantee
    if not auditor.has_usable_password():  # the demo logs in with the demo password
        user_set_password(actor=auditor, user=auditor, password=PASSWORD)
    answered = services.request_create(
        actor=auditor,
        grant=grant,
        data={"text": "Show me the calibration records of the gauges used on line 2."},
    )
    attachment_add(
        actor=manager,
        subject=answered,
        upload=ContentFile(
            b"Gauge,Calibrated on,Certificate\nG-201,2026-01-12,CAL-7781\n"
            b"G-202,2026-01-12,CAL-7782\n",
            name="line-2-calibration.csv",
        ),
        name="line-2-calibration.csv",
    )
    services.request_answer(
        actor=manager,
        instance=answered,
        answer="The calibration register of line 2 is attached (both gauges, January).",
    )
    services.request_create(
        actor=auditor,
        grant=grant,
        data={"text": "Please share the competence records of the internal auditors."},
    )
    stdout.write(
        f"External access: {grant.number} for {AUDITOR} (password {PASSWORD!r}) at {acme.name}, "
        "with two evidence requests."
    )
