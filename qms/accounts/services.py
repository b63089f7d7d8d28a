"""Writes for users, memberships, invitations and API tokens.

Each service runs in one transaction, takes the acting user as `actor`, validates, records
an audit event in the same transaction and sends e-mail only after commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from qms.core.audit import record_event, snapshot
from qms.core.context import current_request_context
from qms.core.permissions import Role
from qms.core.querysets import forget_roles
from qms.organizations.models import Organization

from . import events, rules
from .models import ApiToken, Invitation, LoginFailure, Membership, User

TOKEN_PREFIX = "qms_"  # noqa: S105 - a public marker, not a secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# --- Users ------------------------------------------------------------------------------


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


# --- Log-in throttling ------------------------------------------------------------------


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


# --- Memberships ------------------------------------------------------------------------


def _owners(organization_id: int) -> int:
    return Membership.objects.filter(organization_id=organization_id, role=Role.OWNER).count()


@transaction.atomic
def membership_create(
    *, actor: User | None, organization: Organization, user: User, role: str
) -> Membership:
    membership = Membership(organization=organization, user=user, role=role)
    membership.full_clean()
    membership.save()
    forget_roles(user)
    record_event(
        actor=actor,
        event_type=events.MEMBERSHIP_CREATED,
        subject=membership,
        after=snapshot(membership),
    )
    return membership


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role."})
    if membership.role == role:
        return membership
    reason = rules.can_change_role(
        current_role=membership.role, new_role=role, owners_left=_owners(membership.organization_id)
    )
    if reason:
        raise ValidationError({"role": reason})
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    forget_roles(membership.user)
    record_event(
        actor=actor,
        event_type=events.MEMBERSHIP_ROLE_CHANGED,
        subject=membership,
        before={"role": before},
        after={"role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    reason = rules.can_remove_member(
        role=membership.role,
        owners_left=_owners(membership.organization_id),
        is_self=membership.user_id == actor.pk,
    )
    if reason:
        raise ValidationError(reason)
    # The member's tokens for this organization stop working with the membership.
    tokens_revoked = ApiToken.objects.filter(
        user_id=membership.user_id, organization_id=membership.organization_id, revoked_at=None
    ).update(revoked_at=timezone.now())
    record_event(
        actor=actor,
        event_type=events.MEMBERSHIP_REMOVED,
        subject=membership,
        before=snapshot(membership),
        data={"api_tokens_revoked": tokens_revoked},
    )
    membership.delete()
    forget_roles(membership.user)


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor: User, organization: Organization, email: str, role: str
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link after commit. Returns (invitation, secret)."""
    email = User.objects.normalize_email(email).lower()
    if Membership.objects.filter(organization=organization, user__email=email).exists():
        raise ValidationError({"email": "This person is already a member."})
    pending = Invitation.objects.filter(
        organization=organization, email=email, accepted_at=None, expires_at__gt=timezone.now()
    )
    if pending.exists():
        raise ValidationError({"email": "An invitation to this address is still pending."})
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        token_hash=_hash(secret),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    record_event(
        actor=actor,
        event_type=events.INVITATION_SENT,
        subject=invitation,
        after=snapshot(invitation),
    )
    link = f"{settings.BASE_URL}/accounts/invitations/accept/{secret}/"
    context: dict[str, Any] = {"invitation": invitation, "link": link, "organization": organization}
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Invitation to join {organization.name} on {settings.SITE_NAME}",
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, secret


def invitation_for_secret(*, secret: str) -> Invitation | None:
    """The pending invitation behind a link, if the link is still good."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=_hash(secret))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None, full_name: str = "", password: str = ""
) -> Membership:
    """Join the organization as `user` (logged in) or as a new account for the invited e-mail."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("This invitation has expired or was already used.")
    if user is None:
        existing = User.objects.filter(email=invitation.email).first()
        if existing is not None:
            raise ValidationError("An account exists for this address: log in to accept.")
        user = user_create(
            actor=None, email=invitation.email, password=password, full_name=full_name
        )
    elif user.email.lower() != invitation.email:
        raise PermissionDenied("This invitation was sent to another e-mail address.")
    if Membership.objects.filter(organization_id=invitation.organization_id, user=user).exists():
        raise ValidationError("You are already a member of this organization.")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record_event(actor=user, event_type=events.INVITATION_ACCEPTED, subject=invitation)
    return membership_create(
        actor=user, organization=invitation.organization, user=user, role=invitation.role
    )


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError("An accepted invitation cannot be revoked; remove the member.")
    record_event(
        actor=actor,
        event_type=events.INVITATION_REVOKED,
        subject=invitation,
        before=snapshot(invitation),
    )
    invitation.delete()


# --- API tokens -------------------------------------------------------------------------


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


def account_exists(*, email: str) -> bool:
    return User.objects.filter(email=email.lower()).exists()
