"""In the browser, on a phone: the analysis panel fits the screen, the 5 whys are filled in
with a step added through htmx, the Ishikawa causes are drawn, and every control is labelled."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.permissions import Role
from qms.core.tests.browser.helpers import (
    PHONE,
    fits_width,
    log_in,
    screenshot,
    scripts_ready,
    unlabelled_controls,
)
from qms.nonconformities.analysis.models import RootCauseAnalysis
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_5_whys_and_ishikawa_are_filled_in_on_a_phone(new_context: Any) -> None:
    # given a quality manager of Acme and a nonconformity
    organization = OrganizationFactory(name="Acme Gauges Ltd", slug="acme-b")
    user = MembershipFactory(
        organization=organization,
        role=Role.QUALITY_MANAGER,
        user=UserFactory(email="qm.browser@acme.test"),
    ).user
    nc = NonconformityFactory(
        organization=organization,
        title="Bore diameter of housing HX-20 out of tolerance on three parts of batch 4711",
    )
    page = new_context(viewport=PHONE).new_page()
    log_in(page, user.email)

    # when they start the analysis from the nonconformity's page
    page.goto(nc.get_absolute_url())
    assert fits_width(page)
    page.get_by_role("link", name="Start the analysis").click()
    scripts_ready(page)
    page.locator("#id_whys-0-why").fill("Why were the bores oversize?")
    page.locator("#id_whys-0-answer").fill("The boring tool was worn.")
    # a step is added through htmx (only the steps are swapped, the rest stays as typed)
    page.locator("#id_ishikawa_machine").fill("Worn boring tool\nSpindle play")
    page.get_by_role("button", name="Add a step").click()
    page.locator("#id_whys-1-why").wait_for()
    assert page.locator("#id_ishikawa_machine").input_value() == "Worn boring tool\nSpindle play"
    page.locator("#id_whys-1-why").fill("Why was a worn tool in use?")
    page.locator("#id_whys-1-answer").fill("Tool life is not counted.")
    page.locator("#id_root_cause").fill("Tool life is not counted or limited.")
    page.locator("#id_cause_category").select_option("method")
    assert unlabelled_controls(page) == []
    assert fits_width(page)
    screenshot(page, "rca-editor-phone")
    page.get_by_role("button", name="Save the analysis").click()

    # then the analysis is saved and its fishbone drawn, and the page fits the phone
    page.wait_for_url(lambda url: "/analyses/" in url and "/edit/" not in url)
    analysis = RootCauseAnalysis.objects.get(nonconformity=nc)
    assert len(analysis.five_whys) == 2
    assert analysis.ishikawa["machine"] == ["Worn boring tool", "Spindle play"]
    assert page.locator("svg.fishbone-svg").count() == 1
    assert fits_width(page)
    screenshot(page, "rca-analysis-phone")
    page.goto(nc.get_absolute_url())
    assert page.locator("[data-analysis-panel] svg.fishbone-svg").count() == 1
    assert fits_width(page)
    screenshot(page, "rca-nc-panel-phone")


def test_the_fishbone_on_a_desktop_screen(new_context: Any) -> None:
    # given an analysis with causes in every category
    from ..factories import RootCauseAnalysisFactory

    organization = OrganizationFactory(name="Acme Gauges Ltd", slug="acme-d")
    user = MembershipFactory(
        organization=organization, role=Role.VIEWER, user=UserFactory(email="v.browser@acme.test")
    ).user
    analysis = RootCauseAnalysisFactory(
        organization=organization,
        ishikawa={
            "man": ["Operator not trained on tool changes", "Night shift covers two machines"],
            "machine": ["Worn boring tool", "Spindle play above the maintenance limit"],
            "method": ["No tool-life limit in the work instruction"],
            "material": ["Harder casting lot from the new foundry"],
            "measurement": ["Bore gauge checked once per shift", "Gauge calibration overdue"],
            "environment": ["Shop 6 °C colder at night"],
        },
    )
    page = new_context().new_page()
    log_in(page, user.email)
    # when a viewer opens it
    page.goto(analysis.get_absolute_url())
    # then the diagram is drawn with its title, and the page offers no edit
    assert page.locator("svg.fishbone-svg title").text_content().startswith("Ishikawa diagram")
    assert page.get_by_role("link", name="Edit the analysis").count() == 0
    assert fits_width(page)
    screenshot(page, "rca-analysis-desktop")
