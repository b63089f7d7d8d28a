"""Writes for user accounts."""

from __future__ import annotations

from django.db import transaction

from qms.core.audit import record_event

from .. import events
from ..models import User


@transaction.atomic
def user_create(
    *, actor: User | None, email: str, password: str | None, full_name: str = ""
) -> User:
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    record_event(
        actor=actor or user,
        event_type=events.USER_CREATED,
        subject=user,
        after={"email": user.email, "full_name": user.full_name},
    )
    return user


@transaction.atomic
def user_update_profile(*, actor: User, user: User, full_name: str) -> User:
    before = {"full_name": user.full_name}
    user.full_name = full_name
    user.full_clean()
    user.save(update_fields=["full_name"])
    if before["full_name"] != full_name:
        record_event(
            actor=actor,
            event_type=events.USER_PROFILE_CHANGED,
            subject=user,
            before=before,
            after={"full_name": full_name},
        )
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str, via_reset: bool = False) -> User:
    """Set a password (already checked by the password validators in the form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    event = events.USER_PASSWORD_RESET if via_reset else events.USER_PASSWORD_CHANGED
    record_event(actor=actor, event_type=event, subject=user)
    return user


def account_exists(*, email: str) -> bool:
    return User.objects.filter(email=email.lower()).exists()
