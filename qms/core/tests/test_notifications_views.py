"""The notifications page, the header badge and /api/v1/notifications/."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.accounts.models import User
from qms.core.notifications import Notification, notify
from qms.organizations.models import Organization

PAGE = "/notifications/"
API = "/api/v1/notifications/"


def _make(user: User, organization: Organization | None, n: int = 1, **kwargs: Any) -> Any:
    rows = []
    for i in range(n):
        values = {"kind": "document.review_due", "title": f"Review {i}", "email": False}
        values.update(kwargs)
        rows += notify(recipients=[user], organization=organization, **values)
    return rows


# --- Page -----------------------------------------------------------------------------------


def test_the_page_needs_log_in(client_for: Any, db: Any) -> None:
    response = client_for(None).get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_my_notifications_unread_first_with_the_badge(
    client_for: Any, quality_manager: User, employee: User, organization: Organization
) -> None:
    # given two of mine (one read) and one of someone else
    _first, second = _make(quality_manager, organization, 2)
    _make(employee, organization, title="Not yours")
    client = client_for(quality_manager)
    client.post(f"{PAGE}{second.pk}/read/")

    # when I open the page
    response = client.get(PAGE)

    # then I see my two, the unread one first, and not the other person's
    html = response.content.decode()
    assert response.status_code == 200
    assert [n.title for n in response.context["notifications"]] == ["Review 0", "Review 1"]
    assert "Not yours" not in html
    # and the header's badge counts my one unread notification
    assert 'id="notifications-link"' in html
    assert '<span class="badge">1<span class="visually-hidden"> unread</span>' in html


def test_the_page_filters_unread_and_read(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    first, second = _make(quality_manager, organization, 2)
    client = client_for(quality_manager)
    client.post(f"{PAGE}{first.pk}/read/")

    unread = client.get(PAGE, {"show": "unread"}).context["notifications"]
    read = client.get(PAGE, {"show": "read"}).context["notifications"]

    assert [n.pk for n in unread] == [second.pk]
    assert [n.pk for n in read] == [first.pk]


def test_mark_read_without_javascript_redirects_back(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    [row] = _make(quality_manager, organization)

    response = client_for(quality_manager).post(f"{PAGE}{row.pk}/read/?show=unread")

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?show=unread"
    row.refresh_from_db()
    assert row.read_at is not None


def test_mark_read_with_htmx_answers_the_list_and_the_badge(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    first, _second = _make(quality_manager, organization, 2)

    response = client_for(quality_manager).post(f"{PAGE}{first.pk}/read/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert '<span class="badge">1<span class="visually-hidden">' in html


def test_mark_all_read(client_for: Any, quality_manager: User, organization: Organization) -> None:
    _make(quality_manager, organization, 3)
    client = client_for(quality_manager)

    response = client.post(f"{PAGE}read-all/", follow=True)

    assert response.status_code == 200
    assert "3 notifications marked read." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_open_marks_read_and_goes_to_the_link(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    [row] = _make(quality_manager, organization, url="/organization/sites/")

    response = client_for(quality_manager).post(f"{PAGE}{row.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/organization/sites/"
    row.refresh_from_db()
    assert row.is_read


@pytest.mark.parametrize("action", ["read", "open"])
def test_someone_elses_notification_is_not_found(
    client_for: Any,
    quality_manager: User,
    outsider: User,
    other_organization: Organization,
    action: str,
) -> None:
    [theirs] = _make(outsider, other_organization)

    response = client_for(quality_manager).post(f"{PAGE}{theirs.pk}/{action}/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_changes_need_post(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    [row] = _make(quality_manager, organization)
    client = client_for(quality_manager)
    assert client.get(f"{PAGE}{row.pk}/read/").status_code == 405
    assert client.get(f"{PAGE}read-all/").status_code == 405


def test_a_user_without_organization_has_an_inbox_too(client_for: Any, stranger: User) -> None:
    _make(stranger, None, title="Welcome")
    response = client_for(stranger).get(PAGE)
    assert response.status_code == 200
    assert "Welcome" in response.content.decode()


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_page_issues_no_query_per_row(
    client_for: Any,
    quality_manager: User,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three notifications, measured once warm
    client = client_for(quality_manager)
    _make(quality_manager, organization, 3)
    client.get(PAGE)
    budget = _count(client, PAGE)

    # when twenty more exist
    _make(quality_manager, organization, 20)

    # then the page costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(PAGE)
    assert len(response.context["notifications"]) == 23


def test_every_page_counts_unread_notifications_in_one_query(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    _make(quality_manager, organization, 2)
    with CaptureQueriesContext(connection) as captured:
        response = client_for(quality_manager).get("/")
    assert response.status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "core_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(" in counts[0].upper()


# --- API ------------------------------------------------------------------------------------


def test_the_api_lists_my_notifications_only(
    api_client_for: Any,
    quality_manager: User,
    employee: User,
    organization: Organization,
) -> None:
    mine = _make(quality_manager, organization, 2, url="/documents/1/")
    _make(employee, organization, title="Not yours")

    response = api_client_for(quality_manager).get(API)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert sorted(row["id"] for row in rows) == sorted(n.pk for n in mine)
    assert rows[0]["read"] is False
    assert rows[0]["url"] == "/documents/1/"
    assert rows[0]["organization"] == organization.pk


def test_the_api_filters_unread(
    api_client_for: Any, quality_manager: User, organization: Organization
) -> None:
    first, second = _make(quality_manager, organization, 2)
    client = api_client_for(quality_manager)
    client.post(f"{API}{first.pk}/read/")

    unread = client.get(API, {"unread": "true"}).json()["results"]
    read = client.get(API, {"unread": "false"}).json()["results"]
    bad = client.get(API, {"unread": "perhaps"})

    assert [row["id"] for row in unread] == [second.pk]
    assert [row["id"] for row in read] == [first.pk]
    assert bad.status_code == 400


def test_the_api_marks_read_and_all_read(
    api_client_for: Any, quality_manager: User, organization: Organization
) -> None:
    first, *_others = _make(quality_manager, organization, 3)
    client = api_client_for(quality_manager)

    one = client.post(f"{API}{first.pk}/read/")
    all_ = client.post(f"{API}read-all/")

    assert one.status_code == 200
    assert one.json()["read"] is True
    assert all_.status_code == 200
    assert all_.json() == {"marked": 2}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_is_404_in_the_api(
    api_client_for: Any, quality_manager: User, outsider: User, other_organization: Organization
) -> None:
    [theirs] = _make(outsider, other_organization)
    client = api_client_for(quality_manager)

    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    assert client.post(f"{API}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_needs_authentication(api_client_for: Any, db: Any) -> None:
    client = api_client_for(None)
    assert client.get(API).status_code in (401, 403)
    assert client.post(f"{API}read-all/").status_code in (401, 403)


def test_the_api_list_issues_no_query_per_row(
    api_client_for: Any,
    quality_manager: User,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    client = api_client_for(quality_manager)
    _make(quality_manager, organization, 3)
    client.get(API)
    budget = _count(client, API)

    _make(quality_manager, organization, 27)

    with django_assert_max_num_queries(budget):
        response = client.get(API)
    assert len(response.json()["results"]) == 30


def test_the_api_views_pass_the_fail_closed_check() -> None:
    from qms.core.api.notifications import NotificationViewSet
    from qms.core.checks import api_view_errors

    assert (
        api_view_errors([("core-notification-list", NotificationViewSet.as_view({"get": "list"}))])
        == []
    )


def test_open_never_leaves_the_product(
    client_for: Any, quality_manager: User, organization: Organization
) -> None:
    # given a link that slipped past validation (written without notify())
    [row] = _make(quality_manager, organization)
    Notification.objects.filter(pk=row.pk).update(url="//evil.example/")

    response = client_for(quality_manager).post(f"{PAGE}{row.pk}/open/")

    assert response["Location"] == PAGE
