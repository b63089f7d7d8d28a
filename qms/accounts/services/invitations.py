"""Invitations: e-mailed links that let a person join an organization."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from qms.core.audit import record_event, snapshot
from qms.organizations.models import Organization

from .. import events
from ..models import Invitation, Membership, User
from ._secrets import hash_secret as _hash
from .memberships import membership_create
from .users import user_create


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
