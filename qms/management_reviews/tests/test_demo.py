"""The management review demo, after every earlier app's demo (INSTALLED_APPS order): one
held review at Acme with its pack built from the demo records, attendance, three decisions
as actions and the minutes signed by the owner; one planned review; running it twice
changes nothing."""

from __future__ import annotations

import importlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from qms.actions.models import Action
from qms.core.signatures import Signature
from qms.management_reviews import demo
from qms.management_reviews.models import InputSection, ManagementReview, Output
from qms.management_reviews.pdf import review_pdf
from qms.management_reviews.selectors import latest_held_review
from qms.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _earlier_demos() -> None:
    for app in django_settings.INSTALLED_APPS:
        if not app.startswith("qms.") or app in ("qms.core",):
            continue
        if app == "qms.management_reviews":
            break
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        module.load(stdout=io.StringIO())


def test_the_demo_loads_one_held_and_one_planned_review(settings: Any, tmp_path: Path) -> None:
    settings.DEBUG = True
    _earlier_demos()
    demo.load(stdout=io.StringIO())
    acme = Organization.objects.get(slug="acme")
    reviews = ManagementReview.objects.for_organization(acme)
    assert reviews.count() == 2
    held = latest_held_review(organization=acme)
    assert held is not None and held.status == "minutes_approved"
    assert held.held_on is not None and held.minutes and held.conclusion
    sections = InputSection.objects.for_organization(acme).filter(review=held)
    assert sections.count() == 12
    assert sections.filter(no_data=False).count() >= 8
    outputs = Output.objects.for_organization(acme).filter(review=held)
    assert sorted(o.kind for o in outputs) == ["improvement", "qms_change", "resource_need"]
    assert (
        Action.objects.for_organization(acme).filter(pk__in=[o.action_id for o in outputs]).count()
        == 3
    )
    signature = Signature.objects.get(
        subject_type="management_reviews.managementreview",
        subject_id=str(held.pk),
        transition="approve",
    )
    assert signature.signer_email == "owner@acme.example"
    pdf = review_pdf(review=held)
    target = Path(os.environ.get("MR_DEMO_PDF_OUT") or tmp_path / "demo-review.pdf")
    target.write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    demo.load(stdout=io.StringIO())
    assert ManagementReview.objects.for_organization(acme).count() == 2
