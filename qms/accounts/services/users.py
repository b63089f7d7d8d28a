"""Writes for user accounts."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction

from qms.core.audit import record_event
from qms.core.services import model_create, model_update

from .. import events
from ..models import User

# What the audit trail shows of an account: never the password hash or the log-in times.
_AUDITED = ("email", "full_name")


@transaction.atomic
def user_create(
    *, actor: User | None, email: str, password: str | None, full_name: str = ""
) -> User:
    """A new account; without a password (None or empty) it cannot log in until it sets one.
    An account that signs itself up (no `actor`) has no actor on its creation event: it did
    not exist yet; the event that follows (e.g. the invitation accepted) names it."""
    return model_create(
        actor=actor,
        model=User,
        organization=None,
        data={
            "email": User.objects.normalize_email(email).lower(),
            "full_name": full_name,
            "password": make_password(password or None),
        },
        fields=(*_AUDITED, "password"),
        event_type=events.USER_CREATED,
        audited=_AUDITED,
    )


@transaction.atomic
def user_update_profile(*, actor: User, user: User, full_name: str) -> User:
    user, _changed = model_update(
        actor=actor,
        instance=user,
        data={"full_name": full_name},
        fields=("full_name",),
        event_type=events.USER_PROFILE_CHANGED,
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
