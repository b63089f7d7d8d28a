"""Issue 17 in a real browser, on a phone: a certification manager computes the audit time
of the domain spec's worked example (§10) in the form, with the personnel breakdown and two
justified factors; a factor without its sign's justification is refused beside the form and
nothing is stored; the saved result shows each figure with its justification, and every
figure equals what `qms audit-time --json` prints (one calculation, many doors)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from qms.certification.models import AuditTimeCalculation
from qms.certification.tests import test_audit_time_doors_fixtures as fx

from .helpers import PHONE, fits_width, log_in, scripts_ready

pytestmark = pytest.mark.browser

md5_tables, iso9001, cert_manager = fx.md5_tables, fx.iso9001, fx.cert_manager


def _fill_factor(page: Any, index: int, code: str, pct: str, justification: str) -> None:
    page.locator(f"[name='factors-{index}-code']").select_option(code)
    page.locator(f"[name='factors-{index}-pct']").fill(pct)
    page.locator(f"[name='factors-{index}-justification']").fill(justification)


def test_worked_example_through_the_form_on_a_phone_agrees_with_the_cli(
    new_context: Any, iso9001: Any, cert_manager: Any
) -> None:
    page = new_context(viewport=PHONE).new_page()
    log_in(page, cert_manager.email)
    page.goto(reverse("certification:audittime_add"))
    scripts_ready(page)

    # The worked example: ISO 9001, the breakdown, medium complexity.
    page.get_by_label("ISO 9001:2015").check()
    page.get_by_label("From the breakdown below").check()
    page.get_by_label("Full-time personnel").fill("58")
    page.get_by_label("Shifts").fill("2")
    page.get_by_label("Part-time personnel").fill("10")
    page.get_by_label("Hours a week of one part-timer").fill("20")
    page.get_by_label("Seasonal personnel present when audited").fill("4")
    page.get_by_label("Complexity category").select_option("medium")

    # Two factors (the form opens with one row), the second first without its justification.
    expect(page.locator("[name='factors-0-code']")).to_be_visible()
    _fill_factor(page, 0, "interpreter", "5", fx.INTERPRETER)
    page.locator("#factor-rows").get_by_role("button", name="Add a factor").click()
    expect(page.locator("[name='factors-1-code']")).to_be_visible()
    expect(page.locator("[name='factors-0-code']")).to_have_value("interpreter")
    _fill_factor(page, 1, "mature", "-10", "")
    page.get_by_role("button", name="Save the calculation").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    expect(page.locator("#factor-rows .errors").first).to_be_visible()
    assert not AuditTimeCalculation.objects.exists()

    page.locator("[name='factors-1-justification']").fill(fx.MATURE)
    page.get_by_role("button", name="Save the calculation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AT-")
    calculation = AuditTimeCalculation.objects.get()
    assert fits_width(page)

    # Each figure with its justification, in words.
    body = page.locator("main")
    expect(body).to_contain_text("66")
    expect(body).to_contain_text(fx.INTERPRETER)
    expect(body).to_contain_text(fx.MATURE)
    expect(body).to_contain_text("5.5")

    # The stored result is the CLI's, figure by figure.
    assert fx.figures(calculation.result) == fx.figures(fx.worked_cli())
    assert float(calculation.t_final) == 5.5
