"""A visitor verifies a certificate by number, by company name and through its QR URL; the
body suspends it and the page and JSON say so; withdrawn stays withdrawn; a draft is not
found. (Publication goes through qms.registry.services, as the certification side does.)"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from qms.core.tests.browser.helpers import PHONE, fits_width, screenshot
from qms.registry.services import publish_certificate, verification_url
from qms.registry.signing import forget_active_key, verify_answer

from ..factories import published

pytestmark = pytest.mark.browser


def test_verify_by_number_name_and_qr_then_suspension_withdrawal_and_draft(
    page: Any, new_context: Any
) -> None:
    forget_active_key()
    publish_certificate(published())
    publish_certificate(published(number="W-7", holder_name="Withdrawn Works", status="withdrawn"))
    publish_certificate(published(number="D-9", holder_name="Draft Dynamics", status="draft"))

    # By number, from the search page.
    page.goto("/registry/")
    page.get_by_label("Certificate number or company name").fill("mc-2026-0001")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Müller Präzisionstechnik GmbH").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Status: valid")
    expect(page.locator(".registry-facts")).to_contain_text("ISO 9001:2015")

    # By company name, without accents.
    page.goto("/registry/")
    page.get_by_label("Certificate number or company name").fill("muller praz")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".registry-result")).to_have_count(1)
    expect(page.locator(".registry-result")).to_contain_text("MC-2026-0001")

    # Through the QR code's URL, and with a forged token.
    page.goto(verification_url(source_key="org:1", number="MC-2026-0001"))
    expect(page.locator(".qr-valid")).to_have_text("QR code issued by Meridian Certification Ltd.")
    page.goto("/verify/MC-2026-0001/?t=forgedforgedforg")
    expect(page.locator(".qr-invalid")).to_have_text(
        "This QR code was not issued for this certificate."
    )

    # The body suspends it: the page and the signed JSON change.
    publish_certificate(
        published(
            status="suspended",
            status_changed_on=date(2026, 6, 1),
            status_note="Suspended: client requested (R3)",
        )
    )
    page.goto("/verify/MC-2026-0001/")
    banner = page.locator(".status-banner")
    expect(banner).to_contain_text("Status: suspended")
    expect(banner).to_contain_text("Suspended: client requested (R3)")
    expect(page.locator(".registry-history")).to_contain_text("Suspended: client requested (R3)")
    screenshot(page, "registry-suspended")
    answer = json.loads(page.request.get("/api/v1/public/certificates/MC-2026-0001/").text())
    assert verify_answer(answer)["certificates"][0]["status"] == "suspended"

    # Withdrawn still shows as withdrawn; a draft is not found.
    page.goto("/verify/W-7/")
    expect(page.locator(".status-banner")).to_contain_text("Status: withdrawn")
    response = page.goto("/verify/D-9/")
    assert response is not None and response.status == 404
    expect(page.locator(".status-banner")).to_contain_text("Not found")

    # On a phone, in German.
    phone = new_context(viewport=PHONE, locale="de-DE").new_page()
    phone.goto("/verify/MC-2026-0001/")
    expect(phone.locator(".status-banner")).to_contain_text("Status: ausgesetzt")
    assert fits_width(phone)
    screenshot(phone, "registry-phone-de")
