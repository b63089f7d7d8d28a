"""Two people edit one site in their browsers: the second sees what changed, nothing is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qms.organizations import services
from qms.organizations.models import Site
from qms.organizations.tests.factories import SiteFactory

from .helpers import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser


def test_a_stale_edit_shows_the_message_on_top_and_the_stored_value_beside_the_field(
    page, quality_manager, owner, organization
):
    # Given a quality manager who opened the edit page of site A
    site = SiteFactory(organization=organization, name="A", country="GB")
    log_in(page, quality_manager.email)
    page.goto(f"/organization/sites/{site.pk}/edit/")

    # and the owner renamed it to B in the meantime
    services.site_update(actor=owner, instance=site, data={"name": "B"})

    # When the quality manager renames it to C and saves
    page.get_by_label("Name").fill("C")
    page.get_by_role("button", name="Save").click()

    # Then the form comes back with the message on top, B beside the name, and their C kept
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Someone else saved this site while you were editing it")
    expect(page.locator(".field-invalid")).to_contain_text("Changed by someone else to: B")
    expect(page.get_by_label("Name")).to_have_value("C")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "stale-edit.png"), full_page=True)
    assert Site.objects.get(pk=site.pk).name == "B"

    # When they save again, knowing what changed, their change goes on top of B
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("C")
    assert Site.objects.get(pk=site.pk).version == 3
