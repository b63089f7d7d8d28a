"""Issue 18 in a real browser: Stage 1 concluded "ready" (its Stage 1 report downloaded) →
Stage 2 with a major raised on the audit's workspace and concluded → the client's contact
answers it in the client portal → the lead auditor accepts the answer and verifies it → the
decision by a decision-maker outside the team (one who was on the team is refused) → the
certificate PDF, downloaded from the portal, read back with pdftotext and rendered to an
image for people to look at (/tmp/c4-journey-certificate-1.png).

Seeded through services where no page exists yet: the programme and the audits' days
(issue 17's planning pages exist but are not this journey), the portal access (its e-mail
link is not followed here) and opening the decision; the refusal and the grant happen on the
decision's page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from qms.accounts.models import Membership
from qms.accounts.tests.factories import PASSWORD
from qms.certification.certificates import services as certificates
from qms.certification.models import CertFinding
from qms.certification.permissions import DECISION_MAKER
from qms.certification.portal import services as portal
from qms.certification.programme import services as programmes
from qms.certification.tests.factories import ClientContactFactory
from qms.certification.tests.programme_world import build_world, member
from qms.core.testing.audit_guard import allow_unaudited_writes

from .helpers import DESKTOP, log_in, screenshot

pytestmark = pytest.mark.browser

OUT = Path(tempfile.gettempdir())  # the page images for the lead: /tmp/c4-journey-*.png


def _text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return " ".join(
            subprocess.run(  # noqa: S603
                ["pdftotext", handle.name, "-"],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        )


def _image(pdf: bytes, name: str) -> None:
    path = OUT / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(path), str(OUT / name)],  # noqa: S607
        check=True,
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_stage1_to_the_certificate_with_a_major_closed_in_the_portal(
    new_context: Any, organization: Any
) -> None:
    world = build_world(organization)
    today = timezone.localdate()
    decider = member(organization, DECISION_MAKER, "decider@cb.test", "Dee Decider")
    # The lead auditor also holds the decision-maker role: refused for an audit they led.
    with allow_unaudited_writes():
        Membership.objects.filter(organization=organization, user=world.lead).update(
            additional_roles=[DECISION_MAKER]
        )
        contact = ClientContactFactory(
            organization=organization,
            client=world.client,
            name="Quinn Quality",
            email="quinn@client.test",
        )
    programme = world.programme()
    stage1 = world.plan(programme, "stage1", today - dt.timedelta(days=40), audit_days=Decimal("1"))
    programmes.cert_audit_complete(actor=world.manager, audit=stage1)

    context = new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in(page, world.lead.email)

    # Stage 1: the lead auditor concludes "ready" on the audit's workspace.
    page.goto(reverse("certification:certaudit_workspace", args=[stage1.pk]))
    page.get_by_label("Readiness for Stage 2").select_option("ready")
    page.get_by_label("Areas of concern / issues to fix before Stage 2").fill(
        "Internal audits to cover purchasing before Stage 2."
    )
    page.get_by_label("Auditor-days spent").fill("1.0")
    page.get_by_role("button", name="Conclude the audit").click()
    expect(page.locator("#conclusion")).to_contain_text("Ready for Stage 2")
    report = page.request.get(reverse("certification:audit_report_pdf", args=[stage1.pk]))
    assert report.ok
    stage1_text = _text(report.body())
    assert "Stage 1 report" in stage1_text and "Ready for Stage 2" in stage1_text
    assert "Internal audits to cover purchasing before Stage 2." in stage1_text

    # Stage 2: held (planned and done through the programme's services), a major raised on
    # the workspace, the audit concluded.
    stage2 = world.plan(
        programme,
        "stage2",
        today - dt.timedelta(days=20),
        end_date=today - dt.timedelta(days=19),
        audit_days=Decimal("2"),
        sites=[world.site],
    )
    programmes.cert_audit_complete(actor=world.manager, audit=stage2)
    page.goto(reverse("certification:certaudit_workspace", args=[stage2.pk]))
    page.locator("#findings summary").click()
    page.locator("#findings").get_by_label("Grade").select_option("major")
    page.locator("#findings [name='statement']").fill("Outsourced heat treatment is not evaluated.")
    page.locator("#findings").get_by_label("Objective evidence").fill(
        "No evaluation of the two heat treaters (PO-17, PO-21)."
    )
    page.get_by_role("button", name="Raise the finding").click()
    expect(page.locator("#findings")).to_contain_text("F-01")
    page.locator("#conclusion").get_by_label("Audit conclusion").fill(
        "Implemented except the control of outsourced processes."
    )
    page.get_by_label("Recommendation").select_option("grant_after_ncs")
    page.locator("#conclusion").get_by_label("Auditor-days spent").fill("2.0")
    page.get_by_role("button", name="Conclude the audit").click()
    expect(page.locator("#conclusion")).to_contain_text("once the nonconformities are resolved")
    finding = CertFinding.objects.filter(organization=organization).get(audit=stage2)
    assert finding.grade == "major" and finding.status == "open"
    report = page.request.get(reverse("certification:audit_report_docx", args=[stage2.pk]))
    assert report.ok and report.headers["content-type"].startswith("application/vnd.openxmlformats")

    # The client's contact answers in the portal.
    access = portal.portal_access_grant(actor=world.manager, client=world.client, contact=contact)
    access.user.set_password(PASSWORD)
    access.user.save(update_fields=["password"])
    client_page = new_context(viewport=DESKTOP).new_page()
    log_in(client_page, "quinn@client.test")
    client_page.goto(reverse("portal:finding_detail", args=[finding.pk]))
    client_page.get_by_label("Correction").fill("Both heat treaters evaluated.")
    client_page.get_by_label("Root cause").fill("Purchasing procedure ignored outsourcing.")
    client_page.get_by_label("Corrective action").fill("QP-08 revised to cover outsourcing.")
    client_page.get_by_role("button", name="Send the response").click()
    expect(client_page.locator("main")).to_contain_text("Response submitted")
    screenshot(client_page, "c4-portal-response")

    # The lead auditor accepts and verifies it.
    page.goto(reverse("certification:finding_review", args=[finding.pk]))
    page.get_by_role("button", name="Accept the response").click()
    page.get_by_label("Verified by").select_option("document_review")
    page.get_by_label("What you checked and found").fill("QP-08 rev. 5 and both evaluations.")
    page.get_by_role("button", name="Record the verification").click()
    finding.refresh_from_db()
    assert finding.status == "verified"

    # The decision, on its page: opened for technical review; the lead auditor (who also
    # holds the decision-maker role) is refused, being on the team; the decision-maker
    # outside the team grants it with a signature, and the certificate is issued.
    decision = certificates.decision_open(actor=world.manager, programme=programme, kind="initial")
    page.goto(reverse("certification:decision_detail", args=[decision.pk]))
    expect(page.locator("main")).to_contain_text("A decision-maker who was on the audit team")
    expect(page.get_by_role("button", name="Grant and issue the certificate")).to_have_count(0)
    # and a grant posted by hand is refused as well (409), nothing written
    token = page.locator("input[name='csrfmiddlewaretoken']").first.get_attribute("value")
    forced = page.request.post(
        reverse("certification:decision_detail", args=[decision.pk]),
        form={
            "csrfmiddlewaretoken": token or "",
            "step": "grant",
            "reasons": "Granted.",
            "password": PASSWORD,
            "scope": "Machining and heat treatment of pressure gauge parts.",
        },
        headers={"Referer": page.url},
    )
    assert forced.status in (403, 409), forced.status
    decision.refresh_from_db()
    assert decision.status == "pending"

    decider_page = new_context(viewport=DESKTOP).new_page()
    log_in(decider_page, decider.email)
    decider_page.goto(reverse("certification:decision_detail", args=[decision.pk]))
    grant = decider_page.locator("form:has(input[name='step'][value='grant'])")
    grant.get_by_label("Reasons (required)").fill(
        "Major verified; audit time as planned; scope inside the accreditation."
    )
    grant.get_by_label("Your password").fill(PASSWORD)
    grant.get_by_label("Scope of certification as printed").fill(
        "Machining and heat treatment of pressure gauge parts."
    )
    grant.get_by_role("button", name="Grant and issue the certificate").click()
    expect(decider_page.locator("main")).to_contain_text("Certification granted")
    decision.refresh_from_db()
    assert decision.status == "granted"
    certificate = decision.certificates.get()
    assert certificate.status == "active"

    # The certificate PDF from the portal: read back and rendered for a person to look at.
    response = client_page.request.get(reverse("portal:certificate_pdf", args=[certificate.pk]))
    assert response.ok
    pdf = response.body()
    text = _text(pdf)
    assert world.client.legal_name in text
    assert certificate.number in text
    assert "ISO 9001" in text
    _image(pdf, "c4-journey-certificate")
    assert (OUT / "c4-journey-certificate-1.png").exists()
