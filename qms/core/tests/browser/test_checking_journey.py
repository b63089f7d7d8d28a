"""Issue 16's journey across its modules, in a real browser: the quality manager plans an
internal audit (a process owner named as its auditor is refused), the internal auditor
answers its checklist at tablet width with one minor finding, which appears in the
nonconformity register as an NC with the clause; a management review's compiled pack shows
that NC in its nonconformities section; the Stage 1 readiness report lists the clauses still
lacking evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.internal_audits.tests import test_checklist_fixtures as fx
from qms.management_reviews.models import ManagementReview
from qms.nonconformities.models import Nonconformity
from qms.standards.selectors import clauses_for_subject

from .helpers import PHONE, fits_width, log_in, screenshot, scripts_ready

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}

library, iso9001, process = fx.library, fx.iso9001, fx.process


def _transition(page: Any, label: str, reason: str) -> None:
    page.get_by_role("region", name="Status").get_by_role("link", name=label).click()
    form = page.locator("#transition-form")
    expect(form).to_be_visible()
    reason_box = form.get_by_label("Reason")
    if reason_box.count():
        reason_box.fill(reason)
    form.get_by_role("button").first.click()


def test_audit_finding_becomes_an_nc_in_the_review_pack_and_readiness_shows_gaps(
    new_context: Any,
    iso9001: None,
    organization: Any,
    quality_manager: Any,
    auditor: Any,
    process_owner: Any,
    process: Any,
) -> None:
    today = timezone.localdate()
    calibration = fx.clause("7.1.5")
    manager = new_context(viewport=TABLET).new_page()
    log_in(manager, quality_manager.email)

    # Plan the audit; the process's owner may not audit it.
    manager.goto(reverse("internal_audits:audit_add"))
    manager.get_by_label("Title").fill("Measuring equipment")
    manager.get_by_label("Processes").select_option(str(process.pk))
    manager.get_by_label("Clauses").select_option(str(calibration.pk))
    manager.get_by_label("Lead auditor").select_option(str(process_owner.pk))
    manager.get_by_label("Planned month").fill(today.strftime("%Y-%m"))
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_text("cannot audit it").first).to_be_visible()
    assert not Audit.objects.exists()

    manager.get_by_label("Lead auditor").select_option(str(auditor.pk))
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Measuring equipment")
    audit = Audit.objects.get()
    assert audit.status == "planned"
    _transition(manager, "Start the audit", "Opening meeting held.")
    audit.refresh_from_db()
    assert audit.status == "in_progress"

    # The auditor answers the checklist on a tablet: one minor finding.
    tablet = new_context(viewport=TABLET).new_page()
    log_in(tablet, auditor.email)
    tablet.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(tablet)
    assert fits_width(tablet)
    item = ChecklistItem.objects.filter(audit=audit).order_by("position").first()
    assert item is not None
    article = tablet.locator(f"#item-{item.pk}")
    article.locator("label.answer-minor").click()
    article.locator("textarea[name=notes]").fill("Two gauges used past their calibration date.")
    article.get_by_role("button", name="Save").click()
    finding_saved = re.compile(r"Saved · finding F-01 · nonconformity NC-\d{4}-\d{4}")
    expect(article.locator("[data-item-status]")).to_have_text(finding_saved)
    screenshot(tablet, "checking-journey-checklist-tablet")

    finding = Finding.objects.get(audit=audit)
    nc = Nonconformity.objects.get(pk=finding.nonconformity_id)
    expect(article.locator("[data-item-status]")).to_contain_text(nc.number)
    assert nc.source == "internal_audit"
    assert item.clause is not None and item.clause.number.startswith("7.1.5")
    assert [c.pk for c in clauses_for_subject(subject=nc)] == [item.clause_id]
    manager.goto(reverse("nonconformities:nonconformity_list"))
    expect(manager.get_by_role("link", name=nc.number)).to_be_visible()
    manager.get_by_role("link", name=nc.number).click()
    expect(manager.get_by_text(item.clause.number).first).to_be_visible()

    # The management review's pack shows that NC in its nonconformities section.
    manager.goto(reverse("management_reviews:managementreview_add"))
    manager.get_by_label("Title").fill("Management review before Stage 1")
    # The meeting is tomorrow: its period runs to the day before, so today's NC is in it.
    manager.get_by_label("Planned on").fill((today + dt.timedelta(days=1)).isoformat())
    manager.get_by_label("Chair").select_option(str(quality_manager.pk))
    manager.get_by_role("button", name="Save").click()
    manager.get_by_role("link", name="Compile the pack").click()
    manager.get_by_role("button", name="Compile the pack").click()
    expect(manager.locator("#section-nonconformities")).to_contain_text(nc.number)
    assert ManagementReview.objects.get().status == "pack_compiled"
    assert fits_width(manager)
    screenshot(manager, "checking-journey-review-pack-tablet")

    # The readiness report lists the clauses still lacking evidence, on a phone too.
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, quality_manager.email)
    phone.goto(reverse("readiness:report"))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    lacking = phone.locator("main")
    expect(lacking).to_contain_text("8.5.1")
    expect(lacking).to_contain_text("No completed internal audit has covered")
    assert fits_width(phone)
    screenshot(phone, "checking-journey-readiness-phone")
