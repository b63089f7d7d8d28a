"""The internal audits demo: Acme's programme with its processes, three completed audits
with answered checklists and findings (two nonconformities in the NC register), planned
audits for the rest of the year, auditor independence everywhere; loading twice changes
nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone

from qms.internal_audits import demo, rules
from qms.internal_audits.models import Audit, AuditProgramme, ChecklistItem, Finding
from qms.organizations import demo as organizations_demo
from qms.organizations.models import Organization
from qms.standards import demo as standards_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once(settings: Any) -> None:
    settings.DEBUG = True
    organizations_demo.load(stdout=io.StringIO())
    standards_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    programme = AuditProgramme.objects.for_organization(acme).get(year=timezone.localdate().year)
    assert programme.status == "approved" and programme.rows.count() >= 4
    audits = Audit.objects.for_organization(acme)
    completed = audits.filter(status__in=("reported", "closed"))
    assert completed.count() == 3
    assert completed.filter(status="closed").exists()
    assert audits.filter(status="planned").exists()
    assert not ChecklistItem.objects.filter(audit__in=completed, answer="").exists()
    findings = Finding.objects.for_organization(acme)
    assert findings.filter(nonconformity__isnull=False).count() == 2
    for audit in audits.prefetch_related("processes", "auditors"):
        team = [audit.lead_auditor, *audit.auditors.all()]
        problems = rules.independence_problems(
            auditors=[rules.Person(pk=u.pk, name=str(u)) for u in team],
            processes=[
                rules.OwnedProcess(name=p.name, owner_id=p.owner_id) for p in audit.processes.all()
            ],
        )
        assert problems == [], audit
        assert audit.reported_on is None or audit.reported_on < timezone.localdate()
    before = (audits.count(), findings.count())
    demo.load(stdout=io.StringIO())
    assert (audits.count(), findings.count()) == before
