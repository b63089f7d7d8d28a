"""Logging in and out, throttling repeated failures, changing and resetting passwords."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, TestCase

from qms.accounts.models import LoginFailure, User
from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD_CHANGE = "/accounts/password/"
PASSWORD_RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a much longer passphrase 42"


def _log_in(client: Client, email: str, password: str, **extra: str) -> Any:
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def _logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- Log-in -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["quality@acme.test", "Quality@Acme.TEST", " quality@acme.test "])
def test_a_member_logs_in_with_the_email_in_any_case(
    typed: str, quality_manager: User, client: Client
) -> None:
    # when the quality manager logs in typing the address in any case
    response = _log_in(client, typed, PASSWORD)

    # then they land on the dashboard of their organization
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in(client)
    assert "Acme Gauges Ltd" in client.get("/").content.decode()


def test_log_in_follows_a_safe_next_url_only(quality_manager: User) -> None:
    # when a member logs in from a link to the sites, and another from a link off-site
    inside = _log_in(Client(), "quality@acme.test", PASSWORD, next="/organization/sites/")
    outside = _log_in(Client(), "quality@acme.test", PASSWORD, next="https://evil.example/")

    # then the first goes there, the second to the dashboard
    assert inside["Location"] == "/organization/sites/"
    assert outside["Location"] == "/"


def test_a_wrong_password_shows_an_error_on_the_form(quality_manager: User, client: Client) -> None:
    # when the password is wrong
    response = _log_in(client, "quality@acme.test", "not the password")

    # then the form comes back with the error and no one is logged in
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    html = response.content.decode()
    assert "Please enter a correct e-mail address and password" in html
    assert 'role="alert"' in html
    assert not _logged_in(client)


def test_an_unknown_address_looks_like_a_wrong_password(db: Any, client: Client) -> None:
    # when someone tries an address that has no account
    response = _log_in(client, "nobody@example.test", PASSWORD)

    # then the answer is the same error, and the failure is counted
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert LoginFailure.objects.filter(email="nobody@example.test").count() == 1


def test_an_inactive_account_cannot_log_in(quality_manager: User, client: Client) -> None:
    # given a deactivated account
    quality_manager.is_active = False
    quality_manager.save(update_fields=["is_active"])

    # when it logs in with the right password
    response = _log_in(client, "quality@acme.test", PASSWORD)

    # then it is refused
    assert response.status_code == 200
    assert not _logged_in(client)


def test_a_logged_in_visitor_of_the_login_page_goes_to_the_dashboard(
    client_for: Any, viewer: User
) -> None:
    # when a logged-in member opens the log-in page
    response = client_for(viewer).get(LOGIN)

    # then they are sent on
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- Throttling ---------------------------------------------------------------------------


def test_repeated_failures_lock_the_address_even_for_the_right_password(
    quality_manager: User, client: Client
) -> None:
    # given as many failed log-ins as the limit allows
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _log_in(client, "quality@acme.test", "wrong")

    # when the right password is given
    response = _log_in(client, "Quality@acme.test", PASSWORD)

    # then it is refused with the lock-out message, and the lock is in the audit trail
    assert response.status_code == 200
    assert not _logged_in(client)
    assert "Too many failed log-ins" in response.content.decode()
    event = AuditEvent.objects.get(event_type="user.login_locked")
    assert event.subject_id == str(quality_manager.pk)
    assert event.data["failures"] == settings.LOGIN_MAX_FAILURES


def test_one_failure_fewer_than_the_limit_does_not_lock(
    quality_manager: User, client: Client
) -> None:
    # given one failure fewer than the limit
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _log_in(client, "quality@acme.test", "wrong")

    # when the right password is given
    response = _log_in(client, "quality@acme.test", PASSWORD)

    # then the member is in, and no lock was recorded
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event_type="user.login_locked").exists()


def test_a_successful_log_in_clears_the_failures(quality_manager: User, client: Client) -> None:
    # given some failures
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _log_in(client, "quality@acme.test", "wrong")

    # when the member logs in
    _log_in(client, "quality@acme.test", PASSWORD)

    # then the failures are forgotten, so the next mistakes start from zero
    assert LoginFailure.objects.filter(email="quality@acme.test").count() == 0
    client.post(LOGOUT)
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _log_in(client, "quality@acme.test", "wrong")
    assert _log_in(client, "quality@acme.test", PASSWORD).status_code == 302


def test_a_lock_on_one_address_leaves_other_people_alone(
    quality_manager: User, viewer: User, client: Client
) -> None:
    # given a locked address
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _log_in(client, "quality@acme.test", "wrong")

    # when someone else logs in
    response = _log_in(Client(), "viewer@acme.test", PASSWORD)

    # then they are in
    assert response.status_code == 302


def test_password_spraying_from_one_address_is_locked(
    settings: Any, viewer: User, client: Client
) -> None:
    # given a low limit and failures across many accounts from one client address
    settings.LOGIN_MAX_FAILURES_PER_IP = 8
    for n in range(settings.LOGIN_MAX_FAILURES_PER_IP):
        _log_in(client, f"target{n}@example.test", "guess")

    # when a real account logs in from the same address
    response = _log_in(client, "viewer@acme.test", PASSWORD)

    # then that address is refused for now
    assert not _logged_in(client)
    assert "Too many failed log-ins" in response.content.decode()


def test_a_spoofed_forwarded_address_does_not_escape_the_per_address_limit(
    settings: Any, viewer: User, client: Client
) -> None:
    # given one proxy of ours in front, and a low per-address limit
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_MAX_FAILURES_PER_IP = 8
    # when one client sprays guesses, forging a new left-most X-Forwarded-For each time
    for n in range(settings.LOGIN_MAX_FAILURES_PER_IP):
        client.post(
            LOGIN,
            {"username": f"target{n}@example.test", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.23",
            REMOTE_ADDR="127.0.0.1",
        )
    response = client.post(
        LOGIN,
        {"username": "viewer@acme.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.99, 198.51.100.23",
        REMOTE_ADDR="127.0.0.1",
    )

    # then the address our proxy saw is locked all the same
    assert not _logged_in(client)
    assert "Too many failed log-ins" in response.content.decode()
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.23"}


def test_the_per_address_limit_can_be_switched_off(
    settings: Any, viewer: User, client: Client
) -> None:
    # given the per-address limit is off (e.g. behind a proxy without X-Forwarded-For)
    settings.LOGIN_MAX_FAILURES_PER_IP = 0
    for n in range(12):
        _log_in(client, f"target{n}@example.test", "guess")

    # when a real account logs in from the same address
    _log_in(client, "viewer@acme.test", PASSWORD)

    # then it gets in
    assert _logged_in(client)


def test_a_password_reset_lifts_the_lock(quality_manager: User, client: Client) -> None:
    # given a locked address
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _log_in(client, "quality@acme.test", "wrong")

    # when the member resets the password by e-mail
    _reset_password(Client(), "quality@acme.test", NEW_PASSWORD)

    # then the new password lets them in at once
    assert _log_in(client, "quality@acme.test", NEW_PASSWORD).status_code == 302


# --- The Django admin logs in through the product's log-in ------------------------------


def test_the_admin_login_page_hands_over_to_the_throttled_log_in(db: Any, client: Client) -> None:
    # when someone posts a password to the admin's own log-in form
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "quality@acme.test", "password": "wrong"}
    )

    # then no password is checked there: they are sent to the product's log-in
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"
    assert not LoginFailure.objects.exists()


def test_a_locked_address_cannot_log_in_through_the_admin(
    quality_manager: User, client: Client
) -> None:
    # given a staff member whose address is locked after repeated failures
    quality_manager.is_staff = True
    quality_manager.save(update_fields=["is_staff"])
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _log_in(client, "quality@acme.test", "wrong")

    # when the right password is posted to the admin's log-in form
    client.post(
        "/admin/login/?next=/admin/", {"username": "quality@acme.test", "password": PASSWORD}
    )

    # then they are not logged in, and the admin stays closed
    assert not _logged_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_staff_reach_the_admin_after_logging_in_through_the_product(
    quality_manager: User, client: Client
) -> None:
    # given a staff member sent from the admin to the log-in page
    quality_manager.is_staff = True
    quality_manager.save(update_fields=["is_staff"])
    login_url = client.get("/admin/", follow=True).redirect_chain[-1][0]
    assert login_url.startswith(LOGIN)

    # when they log in there
    response = _log_in(client, "quality@acme.test", PASSWORD, next="/admin/")

    # then they land in the admin
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_member_who_is_not_staff_is_refused_by_the_admin_without_a_loop(
    client_for: Any, viewer: User
) -> None:
    # when a logged-in member without staff rights opens the admin
    response = client_for(viewer).get("/admin/", follow=True)

    # then they get a refusal, not an endless redirect
    assert response.status_code == 403


# --- Log-out ------------------------------------------------------------------------------


def test_log_out_needs_a_post(client_for: Any, viewer: User) -> None:
    # given a logged-in member
    client = client_for(viewer)

    # when the log-out URL is merely visited
    response = client.get(LOGOUT)

    # then nothing happens: a link or an image cannot log anyone out
    assert response.status_code == 405
    assert _logged_in(client)


def test_log_out_ends_the_session(client_for: Any, viewer: User) -> None:
    # given a logged-in member
    client = client_for(viewer)

    # when they log out
    response = client.post(LOGOUT)

    # then they are on the log-in page and the pages need a log-in again
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not _logged_in(client)
    assert client.get("/").status_code == 302


# --- Password change ----------------------------------------------------------------------


def test_changing_the_password_keeps_the_session_and_is_audited(
    client_for: Any, viewer: User
) -> None:
    # given a logged-in member
    client = client_for(viewer)

    # when they change their password
    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    # then the new password is set, they stay logged in and the change is recorded
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    viewer.refresh_from_db()
    assert viewer.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(event_type="user.password_changed")
    assert event.subject_id == str(viewer.pk)
    assert event.actor == viewer
    assert event.before == {}
    assert event.after == {}


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(
    client_for: Any, viewer: User
) -> None:
    # given a logged-in member
    client = client_for(viewer)

    # when the old password is wrong, and when the new one is too short
    wrong_old = client.post(
        PASSWORD_CHANGE,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    weak = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )

    # then both forms show the error beside the field and the password is unchanged
    assert "old_password" in wrong_old.context["form"].errors
    assert "new_password2" in weak.context["form"].errors
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(event_type="user.password_changed").exists()


def test_the_password_change_page_needs_a_log_in(db: Any, client: Client) -> None:
    # when an anonymous visitor opens it
    response = client.get(PASSWORD_CHANGE)

    # then they log in first
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Password reset -----------------------------------------------------------------------


def _reset_link(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _ask_reset(client: Client, email: str) -> Any:
    """Ask for a reset link; the e-mail goes out after commit, through the task queue."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(PASSWORD_RESET, {"email": email})


def _reset_password(client: Client, email: str, password: str) -> Any:
    _ask_reset(client, email)
    link = _reset_link(mail.outbox[-1])
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_the_full_password_reset_flow_sets_a_password_that_logs_in(
    quality_manager: User, client: Client
) -> None:
    # when the member asks for a reset
    asked = _ask_reset(client, "quality@acme.test")

    # then they are told to check their e-mail, and one e-mail with a link is sent
    assert asked.status_code == 302
    assert asked["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["quality@acme.test"]
    assert mail.outbox[0].subject == "Reset your password"
    link = _reset_link(mail.outbox[0])

    # when they follow the link and choose a new password
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    # then the password is set and recorded, and it logs them in
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    event = AuditEvent.objects.get(event_type="user.password_reset")
    assert event.subject_id == str(quality_manager.pk)
    assert _log_in(Client(), "quality@acme.test", NEW_PASSWORD).status_code == 302
    assert _log_in(Client(), "quality@acme.test", PASSWORD).status_code == 200


def test_a_reset_link_works_only_once(quality_manager: User) -> None:
    # given a reset done through its link
    client = Client()
    _reset_password(client, "quality@acme.test", NEW_PASSWORD)
    link = _reset_link(mail.outbox[-1])

    # when the same link is opened again
    again = Client().get(link, follow=True)

    # then it is no longer valid
    assert again.context["validlink"] is False


def test_asking_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    db: Any, client: Client
) -> None:
    # when a reset is asked for an address without an account
    response = _ask_reset(client, "nobody@example.test")

    # then the answer is the same, and no e-mail leaves
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []
