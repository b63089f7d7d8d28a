"""In the browser: a quality manager plans a management review, compiles its pack (the NC
raised from an internal audit finding is in the nonconformities section), records the
attendance, the meeting and a decision, at tablet and phone widths; the owner approves the
minutes with a signature. Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qms.accounts.tests.factories import PASSWORD
from qms.core.tests.browser.helpers import PHONE, fits_width, log_in, screenshot
from qms.management_reviews.models import ManagementReview
from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}


def test_plan_compile_hold_decide_and_approve(
    new_context: Any, organization: Any, quality_manager: Any, owner: Any
) -> None:
    today = timezone.localdate()
    nc = NonconformityFactory(
        organization=organization,
        source="internal_audit",
        detected_on=today - dt.timedelta(days=30),
        title="Calibration records missing for line 2",
    )
    page = new_context(viewport=TABLET).new_page()
    log_in(page, quality_manager.email)
    page.goto("/management-reviews/add/")
    page.get_by_label("Title").fill("Annual management review")
    page.get_by_label("Planned on").fill(today.isoformat())
    page.get_by_label("Chair").select_option(str(quality_manager.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annual management review")
    page.get_by_role("link", name="Compile the pack").click()
    page.get_by_role("button", name="Compile the pack").click()
    section = page.locator("#section-nonconformities")
    expect(section).to_contain_text(nc.number)
    expect(page.locator("[data-no-data]").first).to_be_visible()
    assert fits_width(page)
    screenshot(page, "management-review-pack-tablet")

    page.get_by_label("Member").select_option(str(quality_manager.pk))
    page.get_by_label("Role or function").fill("Quality manager")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#attendance")).to_contain_text("Quality manager")
    page.get_by_role("link", name="Record as held").click()
    page.get_by_role("button", name="Record as held").click()
    page.get_by_label("Kind of decision").select_option("resource_need")
    page.locator("#id_out-decision").fill("A second calibration technician.")
    page.get_by_label("Action owner").select_option(str(quality_manager.pk))
    page.get_by_label("Due date").fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Record the decision and its action").click()
    expect(page.locator("#outputs")).to_contain_text("ACT-")
    page.get_by_role("link", name="Edit the minutes").click()
    page.get_by_label("Minutes").fill("The pack was reviewed; one resource decision.")
    page.get_by_label("Conclusion").fill("The QMS remains suitable, adequate and effective.")
    page.get_by_role("button", name="Save").click()

    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, owner.email)
    review = ManagementReview.objects.for_organization(organization).get()
    phone.goto(review.get_absolute_url())
    assert fits_width(phone)
    screenshot(phone, "management-review-phone")
    phone.get_by_role("link", name="Approve the minutes").click()
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Approve the minutes").click()
    expect(phone.locator("[data-state]")).to_have_text("Minutes approved")
    screenshot(phone, "management-review-approved-phone")
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName}.${el.className} ${el.textContent.slice(0, 60)}`)"""
    )
    assert fits_width(phone), wide
    review.refresh_from_db()
    assert review.status == "minutes_approved"
