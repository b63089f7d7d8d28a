"""The readiness demo: after every earlier demo, Acme's report is at about 80 % (links from
existing records only) and one snapshot is saved; running the demo twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from qms.organizations.models import Organization
from qms.readiness.models import ReadinessSnapshot
from qms.readiness.selectors import readiness_report
from qms.standards.models import ClauseEvidence

pytestmark = pytest.mark.django_db


def test_the_demo_brings_acme_to_about_80_percent_once(settings: Any) -> None:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo", stdout=out)
    acme = Organization.objects.get(slug="acme")
    report = readiness_report(organization=acme, today=timezone.localdate())
    assert 75 <= report.percentage <= 90, out.getvalue()
    snapshot = ReadinessSnapshot.objects.for_organization(acme).get()
    assert 75 <= float(snapshot.percentage) <= 90
    assert snapshot.data["editions"][0]["edition"] == "ISO 9001:2015"
    links = ClauseEvidence.objects.for_organization(acme).count()
    call_command("demo", stdout=io.StringIO())
    assert ReadinessSnapshot.objects.for_organization(acme).count() == 1
    assert ClauseEvidence.objects.for_organization(acme).count() == links
