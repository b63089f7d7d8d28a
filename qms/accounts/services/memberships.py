"""Writes for memberships: a user's place and roles in an organization."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.core.permissions import Role, role_choices, role_values
from qms.core.querysets import forget_roles
from qms.core.services import lock_for_change, model_create, model_delete, model_update

if TYPE_CHECKING:
    from qms.organizations.models import Organization

from .. import events, rules
from ..models import ApiToken, Membership, User


def _owners(organization_id: int) -> int:
    """The organization's owners, counted with their rows locked (in one order).

    Call it before locking the membership being changed: two owners demoting or removing
    each other at once would otherwise each count two owners and both go through, leaving
    none. The second now waits, then counts one and is refused.
    """
    owners = Membership.objects.filter(organization_id=organization_id, role=Role.OWNER)
    return len(owners.select_for_update().order_by("pk").values_list("pk", flat=True))


def _additional_roles(*, primary: str, additional: Any, field: str) -> list[str]:
    """The further roles, checked (`rules.additional_roles_problem`; a ValidationError on
    `field`) and in the registry's order, so that the same roles never read as a change."""
    if not isinstance(additional, list | tuple):
        raise ValidationError({field: "Give the additional roles as a list of role values."})
    choices = role_choices()
    problem = rules.additional_roles_problem(
        primary=primary, additional=additional, known=dict(choices)
    )
    if problem:
        raise ValidationError({field: problem})
    order = {value: position for position, (value, _label) in enumerate(choices)}
    return sorted(additional, key=order.__getitem__)


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    organization: Organization,
    user: User,
    role: str,
    additional_roles: Sequence[str] = (),
) -> Membership:
    additional = _additional_roles(
        primary=role, additional=list(additional_roles), field="additional_roles"
    )
    membership = model_create(
        actor=actor,
        model=Membership,
        organization=organization,
        data={"user": user, "role": role, "additional_roles": additional},
        fields=("user", "role", "additional_roles"),
        event_type=events.MEMBERSHIP_CREATED,
    )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_update(
    *, actor: User, instance: Membership, data: Mapping[str, Any], version: int | None = None
) -> Membership:
    """Change a member's roles (the only things of a membership that change): the primary
    `role`, refusing what would leave the organization without an owner (only primary
    owners count), and the `additional_roles` (known roles, none twice, not the primary)."""
    owners_left = _owners(instance.organization_id)
    membership = lock_for_change(instance, version=version)
    role = data.get("role", membership.role)
    if role not in role_values():
        raise ValidationError({"role": f"{role!r} is not a role."})
    if role != membership.role:
        reason = rules.can_change_role(
            current_role=membership.role, new_role=role, owners_left=owners_left
        )
        if reason:
            raise ValidationError({"role": reason})
    data = dict(data)
    if "additional_roles" in data:
        data["additional_roles"] = _additional_roles(
            primary=role, additional=data["additional_roles"], field="additional_roles"
        )
    elif role in (membership.additional_roles or ()):
        label = dict(role_choices()).get(role, role)
        raise ValidationError(
            {
                "role": f"{label} is one of the member's additional roles already; remove it "
                "from them to make it the primary role."
            }
        )
    membership, changed = model_update(
        actor=actor,
        instance=membership,
        data=data,
        fields=("role", "additional_roles"),
        event_type=events.MEMBERSHIP_ROLE_CHANGED,
    )
    if changed:
        forget_roles(membership.user)
    return membership


def membership_change_role(
    *, actor: User, membership: Membership, role: str, version: int | None = None
) -> Membership:
    return membership_update(actor=actor, instance=membership, data={"role": role}, version=version)


@transaction.atomic
def membership_delete(*, actor: User, instance: Membership, version: int | None = None) -> None:
    """Remove a member; their API tokens for this organization stop working with it."""
    owners_left = _owners(instance.organization_id)
    membership = lock_for_change(instance, version=version)
    reason = rules.can_remove_member(
        role=membership.role,
        owners_left=owners_left,
        is_self=membership.user_id == actor.pk,
    )
    if reason:
        raise ValidationError(reason)
    tokens_revoked = ApiToken.objects.filter(
        user_id=membership.user_id, organization_id=membership.organization_id, revoked_at=None
    ).update(revoked_at=timezone.now())
    model_delete(
        actor=actor,
        instance=membership,
        event_type=events.MEMBERSHIP_REMOVED,
        details={"api_tokens_revoked": tokens_revoked},
    )
    forget_roles(membership.user)


def membership_remove(*, actor: User, membership: Membership) -> None:
    membership_delete(actor=actor, instance=membership)
