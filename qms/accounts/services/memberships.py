"""Writes for memberships: a user's place and role in an organization."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.core.audit import record_event, snapshot
from qms.core.permissions import Role
from qms.core.querysets import forget_roles
from qms.organizations.models import Organization

from .. import events, rules
from ..models import ApiToken, Membership, User


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
