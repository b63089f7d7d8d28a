"""Dashboard pages: `/dashboard/<slug>/` shows the cards a module put on that page, to the
roles holding the page's permission; an unknown page, or one the role may not open, is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.http import HttpRequest
from django.urls import reverse

from qms.core import dashboard
from qms.core.cards import activity_chart
from qms.core.dashboard import Card, DashboardPage, register_card, register_dashboard_page

SLUG = "testing-quality"
URL = f"/dashboard/{SLUG}/"


def _chart_card(request: HttpRequest) -> dict[str, Any]:
    return activity_chart({date(2026, 11, 20): 3}, today=date(2026, 11, 27))


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> DashboardPage:
    """A page for auditors and up (the audit trail's permission), with three cards: one for
    everybody on it, one for those who may read the audit trail, and one on another page."""
    monkeypatch.setattr(dashboard, "_PAGES", dict(dashboard._PAGES))
    monkeypatch.setattr(dashboard, "_CARDS", dict(dashboard._CARDS))
    declared = register_dashboard_page(
        DashboardPage(
            slug=SLUG, title="Testing quality", permission="core.view_auditevent", weight=5
        )
    )
    for key, title, permission, on in (
        ("test.everyone", "Card for everyone", None, SLUG),
        ("test.auditors", "Card for auditors", "core.view_auditevent", SLUG),
        ("test.elsewhere", "Card on the home page", None, "home"),
    ):
        register_card(
            Card(key, title, "core/cards/activity_chart.html", _chart_card, permission, 1, on)
        )
    return declared


def _keys(response: Any) -> list[str]:
    return [entry["card"].key for entry in response.context["cards"]]


def test_the_page_shows_its_own_cards_with_their_charts(
    page: DashboardPage, client_for: Any, auditor: Any
) -> None:
    # when an auditor opens the page
    response = client_for(auditor).get(reverse("core:dashboard_page", kwargs={"slug": SLUG}))

    # then it shows this page's cards, not the home page's
    assert response.status_code == 200
    assert _keys(response) == ["test.auditors", "test.everyone"]  # by weight, then key
    html = response.content.decode()
    assert "<h1>Testing quality</h1>" in html
    assert "Card for everyone" in html and "Card on the home page" not in html
    assert html.count('role="img"') == 2  # each card's chart
    assert 'aria-current="page">Testing quality</a>' in html
    assert " style=" not in html


def test_an_unknown_page_is_not_found(page: DashboardPage, client_for: Any, auditor: Any) -> None:
    assert client_for(auditor).get("/dashboard/no-such-page/").status_code == 404


def test_a_role_without_the_pages_permission_gets_a_404(
    page: DashboardPage, client_for: Any, viewer: Any
) -> None:
    # a viewer may not read the audit trail, so the page does not exist for them
    response = client_for(viewer).get(URL)
    assert response.status_code == 404
    assert b"Card for everyone" not in response.content
    # and the home dashboard does not link to it
    home = client_for(viewer).get("/")
    assert URL.encode() not in home.content


def test_cards_on_a_page_still_check_their_own_permission(
    page: DashboardPage, monkeypatch: pytest.MonkeyPatch, client_for: Any, viewer: Any
) -> None:
    # given the page opened to every role
    monkeypatch.setitem(dashboard._PAGES, SLUG, DashboardPage(slug=SLUG, title="Testing quality"))

    # when a viewer opens it
    response = client_for(viewer).get(URL)

    # then the card needing the audit trail's permission is not there
    assert response.status_code == 200
    assert _keys(response) == ["test.everyone"]


def test_the_home_dashboard_keeps_its_cards_and_links_to_the_pages(
    page: DashboardPage, client_for: Any, auditor: Any
) -> None:
    response = client_for(auditor).get("/")
    assert response.status_code == 200
    keys = _keys(response)
    assert "test.elsewhere" in keys
    assert "test.everyone" not in keys and "test.auditors" not in keys
    assert f'href="{URL}"'.encode() in response.content
    assert b'aria-label="Dashboards"' in response.content


def test_anonymous_visitors_are_sent_to_log_in(page: DashboardPage, client_for: Any) -> None:
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_an_account_without_an_organization_is_told_so(
    page: DashboardPage, client_for: Any, stranger: Any
) -> None:
    response = client_for(stranger).get(URL)
    assert response.status_code == 403


def test_another_organizations_member_sees_only_their_own_organization(
    page: DashboardPage, client_for: Any, outsider: Any
) -> None:
    response = client_for(outsider).get(URL)
    assert response.status_code == 200
    assert b"Northwind Castings" in response.content
    assert b"Acme Gauges Ltd" not in response.content


def test_the_page_only_answers_get(page: DashboardPage, client_for: Any, auditor: Any) -> None:
    assert client_for(auditor).post(URL).status_code == 405


def test_the_page_costs_a_bounded_number_of_queries(
    page: DashboardPage, client_for: Any, auditor: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(auditor)
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_pages_and_cards_are_declared_once(page: DashboardPage) -> None:
    # declaring the same page again is harmless, declaring it differently is a mistake
    register_dashboard_page(
        DashboardPage(
            slug=SLUG, title="Testing quality", permission="core.view_auditevent", weight=5
        )
    )
    with pytest.raises(ValueError, match="twice"):
        register_dashboard_page(DashboardPage(slug=SLUG, title="Something else"))
    with pytest.raises(ValueError, match="twice"):
        register_card(Card("test.everyone", "Again", "x.html", _chart_card))
    for bad in ("Home", "home", "with space", "", "../x"):
        with pytest.raises(ValueError, match="slug"):
            DashboardPage(slug=bad, title="x")
