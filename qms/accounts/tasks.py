"""Background work of accounts: thin wrappers around services (style guide, convention 15)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def send_password_reset(*, email: str) -> int:
    """E-mail a password-reset link (if the address has an active account)."""
    return services.password_reset_send(email=email)
