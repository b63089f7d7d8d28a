"""The app's menu entries (fixed order), the clause-coverage cycle setting (read when the page
is asked for) and the URL names (only `<app>:<model>_<action>`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from qms.core.navigation import menu_for
from qms.core.permissions import Role
from qms.internal_audits import rules, services
from qms.internal_audits.models import AuditProgramme
from qms.internal_audits.views.programmes import cycle_years

pytestmark = pytest.mark.django_db


def test_the_checking_menu_lists_audits_programme_then_findings() -> None:
    sections = {str(section.label): section for section in menu_for(Role.QUALITY_MANAGER, "/")}
    labels = [str(link.label) for link in sections["Checking"].links]
    ours = [
        label
        for label in labels
        if label in {"Internal audits", "Audit programme", "Audit findings"}
    ]
    assert ours == ["Internal audits", "Audit programme", "Audit findings"]
    first = labels.index("Internal audits")
    assert labels[first : first + 3] == ours  # together, in this order


def test_the_coverage_cycle_is_a_setting_read_at_call_time() -> None:
    assert cycle_years() == 3
    with override_settings(INTERNAL_AUDITS_CYCLE_YEARS=5):
        assert cycle_years() == 5
    assert rules.coverage_since(year=2026, cycle_years=3) == date(2024, 1, 1)
    assert rules.coverage_since(year=2026, cycle_years=1) == date(2026, 1, 1)
    assert rules.coverage_since(year=2026, cycle_years=0) == date(2026, 1, 1)


def test_the_setting_is_read_from_the_environment_with_a_minimum_of_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from qms.env import env_int

    monkeypatch.setenv("QMS_INTERNAL_AUDITS_CYCLE_YEARS", "4")
    assert env_int("QMS_INTERNAL_AUDITS_CYCLE_YEARS", 3, minimum=1) == 4
    monkeypatch.setenv("QMS_INTERNAL_AUDITS_CYCLE_YEARS", "0")
    with pytest.raises(ImproperlyConfigured):
        env_int("QMS_INTERNAL_AUDITS_CYCLE_YEARS", 3, minimum=1)


def test_the_coverage_page_follows_the_setting(
    client_for: Any, quality_manager: Any, organization: Any
) -> None:
    programme: AuditProgramme = services.programme_create(
        actor=quality_manager, organization=organization, data={"year": 2026, "title": ""}
    )
    url = reverse("internal_audits:auditprogramme_coverage", args=[programme.pk])
    client = client_for(quality_manager)
    body = client.get(url).content.decode()
    assert "3-year cycle (2024 to 2026)" in body
    with override_settings(INTERNAL_AUDITS_CYCLE_YEARS=1):
        body = client.get(url).content.decode()
    assert "1-year cycle (2026 to 2026)" in body


@pytest.mark.parametrize("action", ["list", "add", "detail", "edit"])
def test_only_the_model_action_url_names_exist(action: str) -> None:
    args = [] if action in {"list", "add"} else [1]
    assert reverse(f"internal_audits:auditprogramme_{action}", args=args)
    with pytest.raises(NoReverseMatch):
        reverse(f"internal_audits:programme_{action}", args=args)


@pytest.mark.parametrize("action", ["rows", "plan", "calendar", "coverage"])
def test_the_programme_pages_are_named_after_the_model(action: str) -> None:
    assert reverse(f"internal_audits:auditprogramme_{action}", args=[1]).startswith(
        "/internal-audits/programmes/1/"
    )
    with pytest.raises(NoReverseMatch):
        reverse(f"internal_audits:programme_{action}", args=[1])
