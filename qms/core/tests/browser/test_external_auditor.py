"""An external auditor's access in the browser: the quality manager grants it, the auditor
sets a password through the e-mailed one-time link, logs in, sees a granted record and gets
"not found" for one outside the scope; the manager revokes and the next page is not found."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from qms.access_grants.models import AccessGrant
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.standards.loader import load_files
from qms.standards.tests.conftest import Q2015, adopt

from .helpers import PHONE, fits_width, log_in, scripts_ready

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Calibrated-gauges-2026"


def test_manager_grants_auditor_sees_scope_then_revocation_closes_it(
    new_context, quality_manager, organization
):
    # Given Acme with ISO 9001 adopted, an NC of its Production process and one of Purchasing
    load_files()
    adopt(organization, Q2015)
    production = ProcessFactory(organization=organization, name="Production", code="P-01")
    purchasing = ProcessFactory(organization=organization, name="Purchasing", code="P-02")
    granted = NonconformityFactory(
        organization=organization, process=production, title="Bore out of tolerance"
    )
    hidden = NonconformityFactory(
        organization=organization, process=purchasing, title="Late supplier delivery"
    )

    # When the quality manager grants an external auditor access to Production's NCs
    manager = new_context().new_page()
    log_in(manager, quality_manager.email)
    manager.goto("/access-grants/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("External auditors")
    manager.goto("/access-grants/add/")
    manager.get_by_label("Name").fill("Sam Certifier")
    manager.get_by_label("E-mail").fill("sam@cb.example")
    manager.get_by_label("Organization or firm").fill("Example Certification Ltd")
    manager.get_by_label("Purpose").fill("Stage 1 audit")
    manager.get_by_label(re.compile("ISO 9001")).first.check()
    manager.get_by_role("listbox", name="Processes").select_option(label=str(production))
    manager.get_by_role("checkbox", name="Nonconformities").check()
    manager.get_by_role("button", name="Grant access").click()
    grant = AccessGrant.objects.get(grantee_email="sam@cb.example")
    expect(manager.get_by_role("heading", level=1)).to_contain_text(grant.number)
    expect(manager.get_by_role("main")).to_contain_text("Open")

    # Then the auditor gets an e-mail with a one-time link, sets a password and logs in
    (message,) = [m for m in mail.outbox if "sam@cb.example" in m.to]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body)
    assert link is not None
    auditor = new_context(viewport=PHONE).new_page()
    auditor.goto(urlsplit(link.group(0)).path)
    auditor.wait_for_url(re.compile(r"/set-password/$"))
    auditor.get_by_label(re.compile(r"^New password\b(?! confirmation)")).fill(NEW_PASSWORD)
    auditor.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    auditor.get_by_role("button", name="Set password").click()
    log_in(auditor, "sam@cb.example", NEW_PASSWORD)

    # and lands in the portal, where the granted NC shows (usable at phone width)
    expect(auditor).to_have_url(re.compile(r"/external/$"))
    auditor.get_by_role("link", name=organization.name).click()
    auditor.get_by_role("navigation", name="Granted records").get_by_role(
        "link", name="Nonconformities"
    ).click()
    expect(auditor.get_by_role("main")).to_contain_text(granted.number)
    expect(auditor.get_by_role("main")).not_to_contain_text(hidden.number)
    auditor.get_by_role("link", name=granted.number).click()
    expect(auditor.get_by_role("main")).to_contain_text("Bore out of tolerance")
    scripts_ready(auditor)
    assert fits_width(auditor)
    detail_url = auditor.url

    # but the NC of Purchasing and the organization's own NC page answer "not found"
    outside = auditor.goto(f"/external/{grant.pk}/nonconformities/{hidden.pk}/")
    assert outside is not None and outside.status == 404
    for path in (f"/nonconformities/{granted.pk}/", "/nonconformities/", "/access-grants/"):
        org_page = auditor.goto(path)
        assert org_page is not None and org_page.status == 404, path

    # The manager sees the auditor's page views in the access log
    manager.goto(f"/access-grants/{grant.pk}/")
    log = manager.get_by_role("region", name="Access log")
    expect(log).to_contain_text(f"/external/{grant.pk}/nonconformities/{granted.pk}/")

    # When the manager revokes the access
    manager.get_by_label("Reason").fill("Stage 1 finished.")
    manager.get_by_role("button", name="Revoke access").click()
    expect(manager.get_by_role("main")).to_contain_text("Revoked")

    # Then the auditor's next page answers "not found"
    after = auditor.goto(detail_url)
    assert after is not None and after.status == 404
    # ... and so does the portal's home: no open access is left
    home = auditor.goto("/external/")
    assert home is not None and home.status == 404
