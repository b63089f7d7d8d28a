"""Password-reset requests: throttled, and identical work for known and unknown addresses.

The request itself only counts the attempt and queues a task after commit; whether the
address has an account is looked at by the task, outside the request. So the answer, its
timing and its queries tell an attacker nothing about which addresses have accounts, and
the database-backed count limits both one account's mailbox flooding and one client's
address probing across every app server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.context import current_request_context

from ..models import ThrottleKind, User
from .throttling import attempt_record, attempts_recent

_HOUR = 60


def password_reset_request(*, email: str) -> None:
    """Queue a reset e-mail for `email` (sent only if it has an active account).

    Refused with a ValidationError when the account or the client address asked too often
    within the hour; the same for any address, so the refusal reveals nothing either.
    """
    email = User.objects.normalize_email(email).lower()
    ip = current_request_context().ip
    limit, ip_limit = (
        settings.PASSWORD_RESET_MAX_PER_HOUR,
        settings.PASSWORD_RESET_MAX_PER_HOUR_PER_IP,
    )
    kind = ThrottleKind.PASSWORD_RESET
    too_many = (limit and attempts_recent(kind=kind, minutes=_HOUR, email=email) >= limit) or (
        ip and ip_limit and attempts_recent(kind=kind, minutes=_HOUR, ip=ip) >= ip_limit
    )
    if too_many:
        raise ValidationError(
            _("Too many reset requests for this address or from your network. Try again later."),
            code="throttled",
        )
    with transaction.atomic():
        attempt_record(kind=kind, email=email)
        transaction.on_commit(lambda: _enqueue(email))


def _enqueue(email: str) -> None:
    from ..tasks import send_password_reset  # tasks call services: import here, not above

    send_password_reset.enqueue(email=email)


def password_reset_send(*, email: str) -> int:
    """Send the reset link to every active account with this address (0 or 1); returns
    how many e-mails went out. Run by the task queue, never inside the request."""
    base = urlsplit(settings.BASE_URL)
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    form.save(
        domain_override=base.netloc,
        use_https=base.scheme == "https",
        subject_template_name="accounts/email/password_reset_subject.txt",
        email_template_name="accounts/email/password_reset.txt",
    )
    return len(users)
