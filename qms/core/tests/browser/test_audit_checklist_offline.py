"""An internal audit's checklist on a tablet while the network drops (issue 16).

The lead auditor answers one question, loses the connection, answers two more (the page says
they are waiting and keeps them in the browser), gets the connection back, and the answers
reach the server; one "minor" answer then becomes a nonconformity with the clause, shown in
the nonconformity register and on the record's page. The checklist fits a tablet and a phone.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from qms.internal_audits.checklists import checklist_answer
from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.internal_audits.tests import test_checklist_fixtures as fx
from qms.standards.selectors import clauses_for_subject

from .helpers import PHONE, fits_width, log_in, screenshot, scripts_ready

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit


def _items(audit: Audit) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(audit=audit).select_related("clause").order_by("position")
    )


def _answer(page: Any, item: ChecklistItem, answer: str, notes: str = "") -> None:
    article = page.locator(f"#item-{item.pk}")
    article.locator(f"label.answer-{answer}").click()
    if notes:
        article.locator("textarea[name=notes]").fill(notes)
    article.get_by_role("button", name="Save").click()


def _status(page: Any) -> Any:
    return page.locator("[data-checklist-status]")


def test_answers_typed_offline_are_kept_and_sent_when_the_network_returns(
    new_context: Any, audit: Audit, auditor: Any
) -> None:
    items = _items(audit)
    context = new_context(viewport=TABLET)
    page = context.new_page()
    log_in(page, auditor.email)
    page.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(page)
    assert fits_width(page)
    expect(_status(page)).to_have_text("All answers saved")

    # online: the first answer is saved at once
    _answer(page, items[0], "conform", "Instrument register seen, 42 gauges listed.")
    expect(page.locator(f"#item-{items[0].pk} [data-item-status]")).to_have_text("Saved")
    assert ChecklistItem.objects.get(pk=items[0].pk).answer == "conform"

    # the network drops: two more answers wait in the browser
    context.set_offline(True)
    _answer(page, items[1], "observation", "Two labels hard to read.")
    _answer(page, items[3], "conform")
    expect(_status(page)).to_contain_text("2 answers waiting to be sent")
    screenshot(page, "audit-checklist-offline-tablet")
    stored = page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('qms-audit-answer:'))"
    )
    mine = f"qms-audit-answer:{audit.organization_id}:{auditor.pk}:"
    assert sorted(stored) == sorted(
        [
            f"{mine}{items[1].pk}@{items[1].version}",
            f"{mine}{items[3].pk}@{items[3].version}",
        ]
    )
    assert ChecklistItem.objects.get(pk=items[1].pk).answer == ""
    assert ChecklistItem.objects.get(pk=items[3].pk).answer == ""

    # the network returns: the queue is sent and the page says so
    context.set_offline(False)
    expect(_status(page)).to_have_text("All answers saved", timeout=30_000)
    second = ChecklistItem.objects.get(pk=items[1].pk)
    assert second.answer == "observation"
    assert second.notes == "Two labels hard to read."
    assert ChecklistItem.objects.get(pk=items[3].pk).answer == "conform"
    assert Finding.objects.get(checklist_item=second).grade == "observation"
    waiting = "() => Object.keys(localStorage).filter((k) => k.startsWith('qms-audit-answer:'))"
    assert page.evaluate(waiting) == []

    # a minor nonconformity becomes an NC with the clause
    minor = items[2]
    _answer(page, minor, "minor", "Gauge G-12 used three weeks past its calibration due date.")
    status = page.locator(f"#item-{minor.pk} [data-item-status]")
    expect(status).to_contain_text("nonconformity NC-")
    expect(page.locator("[data-progress-answered]")).to_have_text("4")
    finding = Finding.objects.select_related("nonconformity", "clause").get(checklist_item=minor)
    nc = finding.nonconformity
    assert nc is not None
    assert nc.source == "internal_audit"
    assert [c.number for c in clauses_for_subject(subject=nc)] == [minor.clause.number]

    page.goto(reverse("nonconformities:nonconformity_list"))
    expect(page.get_by_role("link", name=nc.number)).to_be_visible()
    page.goto(nc.get_absolute_url())
    main = page.locator("main")
    expect(main).to_contain_text(nc.number)
    expect(main).to_contain_text(minor.clause.number)
    expect(main).to_contain_text("Internal audit")


def test_the_checklist_fits_a_phone(new_context: Any, audit: Audit, auditor: Any) -> None:
    page = new_context(viewport=PHONE).new_page()
    log_in(page, auditor.email)
    page.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(page)
    assert fits_width(page)
    screenshot(page, "audit-checklist-phone")


def test_an_offline_answer_that_meets_a_newer_one_is_shown_and_kept_until_decided(
    new_context: Any, audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    context = new_context(viewport=TABLET)
    page = context.new_page()
    log_in(page, auditor.email)
    page.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(page)

    # typed offline on the tablet, while the same question is answered from another device
    context.set_offline(True)
    _answer(page, item, "observation", "Typed on the tablet.")
    expect(_status(page)).to_contain_text("1 answer waiting to be sent")
    checklist_answer(actor=auditor, item=item, answer="conform", notes="Typed on the laptop.")

    # back online: the conflict is shown beside the item, nothing is lost or overwritten
    context.set_offline(False)
    article = page.locator(f"#item-{item.pk}")
    expect(article.locator("[data-item-status]")).to_contain_text("changed by someone else")
    expect(article.locator("[data-item-status]")).to_contain_text("Typed on the laptop.")
    expect(_status(page)).to_contain_text("1 answer needs your decision")
    assert ChecklistItem.objects.get(pk=item.pk).notes == "Typed on the laptop."

    # the auditor keeps theirs: it is sent again over the newer version
    article.get_by_role("button", name="Send mine again").click()
    expect(_status(page)).to_have_text("All answers saved")
    stored = ChecklistItem.objects.get(pk=item.pk)
    assert stored.answer == "observation"
    assert stored.notes == "Typed on the tablet."


def _queued(page: Any) -> list[str]:
    return list(
        page.evaluate(
            "() => Object.keys(localStorage).filter((k) => k.startsWith('qms-audit-answer:'))"
        )
    )


def test_an_answer_sent_after_the_session_ended_is_kept_until_the_auditor_logs_in_again(
    new_context: Any, audit: Audit, auditor: Any, quality_manager: Any
) -> None:
    item = _items(audit)[1]
    context = new_context(viewport=TABLET)
    page = context.new_page()
    log_in(page, auditor.email)
    page.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(page)

    # answered offline; meanwhile the session ends (its cookies are gone)
    context.set_offline(True)
    _answer(page, item, "observation", "Typed before the session ended.")
    expect(_status(page)).to_contain_text("1 answer waiting to be sent")
    context.clear_cookies()
    context.set_offline(False)

    # back online: nothing is taken for saved; the page says to log in again
    session = page.locator("[data-checklist-session]")
    expect(session).to_contain_text("log in again", timeout=30_000)
    expect(session.get_by_role("link", name="Log in again")).to_have_attribute("target", "_blank")
    expect(page.locator(f"#item-{item.pk} [data-item-status]")).to_contain_text("log in again")
    expect(_status(page)).to_contain_text("1 answer waiting to be sent")
    key = f"qms-audit-answer:{audit.organization_id}:{auditor.pk}:{item.pk}@{item.version}"
    assert _queued(page) == [key]
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""

    # another user logs in on the same tablet: the answer is counted, not sent under their name
    other = context.new_page()
    log_in(other, quality_manager.email)
    other.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(other)
    expect(_status(other)).to_contain_text("1 answer of another user is waiting on this device")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # the old page retries
    expect(session).to_contain_text("log in again")
    assert _queued(other) == [key]
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""
    other.close()

    # the auditor logs in again and reopens the checklist: the answer is sent
    context.clear_cookies()
    log_in(page, auditor.email)
    page.goto(reverse("internal_audits:checklist", args=[audit.pk]))
    scripts_ready(page)
    expect(_status(page)).to_have_text("All answers saved", timeout=30_000)
    stored = ChecklistItem.objects.get(pk=item.pk)
    assert stored.answer == "observation"
    assert stored.notes == "Typed before the session ended."
    assert stored.answered_by == auditor
    assert _queued(page) == []
