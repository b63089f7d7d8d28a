"""Personal API tokens: created, revoked and authenticated here; only a hash is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from qms.core.audit import record_event

if TYPE_CHECKING:
    from qms.organizations.models import Organization

from .. import events
from ..models import ApiToken, Membership, User
from ._secrets import hash_secret as _hash

TOKEN_PREFIX = "qms_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def token_create(
    *, actor: User, user: User, organization: Organization, name: str
) -> tuple[ApiToken, str]:
    """Create a token for `user` acting in `organization`. The secret is returned once only."""
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(f"{user.email} is not a member of {organization.name}.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        organization=organization,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=_hash(secret),
    )
    token.full_clean()
    token.save()
    record_event(
        actor=actor,
        event_type=events.TOKEN_CREATED,
        subject=token,
        organization_id=organization.pk,
        after={"name": token.name, "prefix": token.prefix, "user": user.email},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record_event(
        actor=actor,
        event_type=events.TOKEN_REVOKED,
        subject=token,
        organization_id=token.organization_id,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token


def token_authenticate(*, secret: str) -> tuple[ApiToken, Membership | None] | None:
    """The active token for a presented secret and its user's membership in the token's
    organization (None if the user left it), read in one query."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    member = Membership.objects.filter(
        user_id=OuterRef("user_id"), organization_id=OuterRef("organization_id")
    )
    token = (
        ApiToken.objects.select_related("user", "organization")
        .filter(token_hash=_hash(secret), revoked_at=None, user__is_active=True)
        .annotate(
            member_id=Subquery(member.values("id")[:1]),
            member_role=Subquery(member.values("role")[:1]),
        )
        .order_by()[:1]
    )
    found = next(iter(token), None)
    if found is None:
        return None
    now = timezone.now()
    # Write last-used at most once a minute, so a busy client does not write per request.
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    annotated: Any = found
    if annotated.member_id is None:
        return found, None
    membership = Membership(
        id=annotated.member_id,
        organization=found.organization,
        user=found.user,
        role=annotated.member_role,
    )
    return found, membership
