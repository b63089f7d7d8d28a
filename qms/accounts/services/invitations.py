"""Invitations: e-mailed links that let a person join an organization."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from qms.core.secret_hash import hash_secret as _hash
from qms.core.services import lock_for_change, model_create, model_delete, model_update

if TYPE_CHECKING:
    from qms.organizations.models import Organization

from .. import events
from ..models import Invitation, Membership, User
from .memberships import membership_create
from .users import user_create

# What an invitation is created with: the inviter's input and what the service derives.
_CREATED_FIELDS = ("email", "role", "token_hash", "invited_by", "expires_at")


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
    invitation = model_create(
        actor=actor,
        model=Invitation,
        organization=organization,
        data={
            "email": email,
            "role": role,
            "token_hash": _hash(secret),
            "invited_by": actor,
            "expires_at": timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        },
        fields=_CREATED_FIELDS,
        event_type=events.INVITATION_SENT,
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


def invitation_send(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> Invitation:
    """`invitation_create` in the calling convention of the generic views: `data` holds the
    address and the role; the secret goes out only in the e-mail."""
    unknown = sorted(set(data) - {"email", "role"})
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    invitation, _secret = invitation_create(
        actor=actor,
        organization=organization,
        email=data.get("email", ""),
        role=data.get("role", ""),
    )
    return invitation


def invitation_for_secret(*, secret: str) -> Invitation | None:
    """The pending invitation behind a link, if the link is still good."""
    invitation: Invitation | None = (
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
    invitation = lock_for_change(invitation, version=None)
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
    model_update(
        actor=user,
        instance=invitation,
        data={"accepted_at": timezone.now(), "accepted_by": user},
        fields=("accepted_at", "accepted_by"),
        event_type=events.INVITATION_ACCEPTED,
    )
    return membership_create(
        actor=user, organization=invitation.organization, user=user, role=invitation.role
    )


@transaction.atomic
def invitation_delete(*, actor: User, instance: Invitation, version: int | None = None) -> None:
    """Revoke a pending invitation (its link stops working)."""
    invitation = lock_for_change(instance, version=version)
    if invitation.accepted_at is not None:
        raise ValidationError("An accepted invitation cannot be revoked; remove the member.")
    model_delete(actor=actor, instance=invitation, event_type=events.INVITATION_REVOKED)


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    invitation_delete(actor=actor, instance=invitation)
