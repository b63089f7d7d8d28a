"""Throttles shared by every app server through the database: log-in failures and
password-reset requests, counted per account (e-mail address) and per client address."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qms.core.audit import record_event
from qms.core.context import current_request_context

from .. import events, rules
from ..models import LoginFailure, ThrottleKind, User


def attempts_recent(
    *, kind: str, minutes: int, email: str | None = None, ip: str | None = None
) -> int:
    """How many attempts of `kind` the account or the client address made lately."""
    window = timezone.now() - timedelta(minutes=minutes)
    attempts = LoginFailure.objects.filter(kind=kind, created_at__gte=window)
    if email is not None:
        attempts = attempts.filter(email=email.lower())
    if ip is not None:
        attempts = attempts.filter(ip=ip)
    return attempts.count()


def attempt_record(*, kind: str, email: str) -> None:
    LoginFailure.objects.create(
        kind=kind, email=email.lower()[:254], ip=current_request_context().ip or ""
    )


def login_failures_recent(*, email: str) -> int:
    return attempts_recent(
        kind=ThrottleKind.LOGIN_FAILURE, minutes=settings.LOGIN_LOCKOUT_MINUTES, email=email
    )


def login_is_locked(*, email: str, ip: str | None = None) -> bool:
    """Locked when the address failed too often, or the client address failed across many
    addresses (password spraying) within the lockout window."""
    if rules.is_locked_out(
        failures_in_window=login_failures_recent(email=email), limit=settings.LOGIN_MAX_FAILURES
    ):
        return True
    if not ip or not settings.LOGIN_MAX_FAILURES_PER_IP:
        return False
    from_ip = attempts_recent(
        kind=ThrottleKind.LOGIN_FAILURE, minutes=settings.LOGIN_LOCKOUT_MINUTES, ip=ip
    )
    return rules.is_locked_out(failures_in_window=from_ip, limit=settings.LOGIN_MAX_FAILURES_PER_IP)


@transaction.atomic
def login_failure_record(*, email: str) -> bool:
    """Count one failed log-in; returns True when this failure locks the address."""
    email = email.lower()[:254]
    attempt_record(kind=ThrottleKind.LOGIN_FAILURE, email=email)
    failures = login_failures_recent(email=email)
    locked_now = failures == settings.LOGIN_MAX_FAILURES
    if locked_now:
        user = User.objects.filter(email=email).first()
        if user is not None:
            record_event(
                actor=None,
                event_type=events.USER_LOGIN_LOCKED,
                subject=user,
                data={"failures": failures, "minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
    return locked_now


def login_failures_clear(*, email: str) -> None:
    LoginFailure.objects.filter(kind=ThrottleKind.LOGIN_FAILURE, email=email.lower()).delete()
