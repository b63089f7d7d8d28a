"""People without a membership whom another app lets in (register_outside_home): every
organization page answers 404, the dashboard sends them to their home, their account's pages
stay open. People without a membership and without such a home see "No organization yet"."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider_home(monkeypatch: Any, stranger: Any) -> str:
    homes = [lambda user: "/external/" if user.pk == stranger.pk else None]
    monkeypatch.setattr(middleware, "_OUTSIDE_HOMES", homes)
    return "/external/"


def test_organization_pages_answer_404(outsider_home: str, stranger: Any, client_for: Any) -> None:
    client = client_for(stranger)
    for path in (
        "/nonconformities/",
        "/organization/sites/",
        "/actions/",
        "/audit/",
        "/nonconformities/1/",
    ):
        assert client.get(path).status_code == 404, path


def test_dashboard_leads_home_and_the_account_stays_open(
    outsider_home: str, stranger: Any, client_for: Any
) -> None:
    client = client_for(stranger)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == outsider_home
    assert client.get("/accounts/profile/").status_code == 200


def test_members_and_strangers_without_a_home_are_unchanged(
    outsider_home: str, quality_manager: Any, client_for: Any, django_user_model: Any
) -> None:
    assert client_for(quality_manager).get("/nonconformities/").status_code == 200
    other = django_user_model.objects.create_user(
        email="nobody@example.test", password="x-Long-enough-1"
    )
    assert client_for(other).get("/nonconformities/").status_code == 403  # "No organization yet"


def test_the_home_is_not_looked_up_for_members_nor_for_open_pages(
    monkeypatch: Any, stranger: Any, quality_manager: Any, client_for: Any
) -> None:
    asked: list[Any] = []

    def home(user: Any) -> str | None:
        asked.append(user.pk)
        return "/external/" if user.pk == stranger.pk else None

    monkeypatch.setattr(middleware, "_OUTSIDE_HOMES", [home])
    assert client_for(quality_manager).get("/nonconformities/").status_code == 200
    assert asked == []  # a member's requests pay nothing for it
    assert client_for(stranger).get("/accounts/profile/").status_code == 200
    assert asked == []  # nor do the pages left open to outsiders
    assert client_for(stranger).get("/actions/").status_code == 404
    assert asked == [stranger.pk]
