"""Log-in throttling, shared by every app server through the database."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qms.core.audit import record_event
from qms.core.context import current_request_context

from .. import events, rules
from ..models import LoginFailure, User


def login_failures_recent(*, email: str) -> int:
    window = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(email=email.lower(), created_at__gte=window).count()


def login_is_locked(*, email: str, ip: str | None = None) -> bool:
    """Locked when the address failed too often, or the client address failed across many
    addresses (password spraying) within the lockout window."""
    if rules.is_locked_out(
        failures_in_window=login_failures_recent(email=email), limit=settings.LOGIN_MAX_FAILURES
    ):
        return True
    if not ip or not settings.LOGIN_MAX_FAILURES_PER_IP:
        return False
    window = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    from_ip = LoginFailure.objects.filter(ip=ip, created_at__gte=window).count()
    return rules.is_locked_out(failures_in_window=from_ip, limit=settings.LOGIN_MAX_FAILURES_PER_IP)


@transaction.atomic
def login_failure_record(*, email: str) -> bool:
    """Count one failed log-in; returns True when this failure locks the address."""
    email = email.lower()[:254]
    LoginFailure.objects.create(email=email, ip=current_request_context().ip or "")
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
    LoginFailure.objects.filter(email=email.lower()).delete()
