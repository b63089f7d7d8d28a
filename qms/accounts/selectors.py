from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import ApiToken, Membership


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """A user's own tokens, in every organization (tokens are personal)."""
    return ApiToken.objects.filter(user_id=user.pk).select_related("organization")


def membership_list(*, user: Any, organization: Any) -> QuerySet[Membership]:
    return Membership.objects.for_user(user, "view", organization=organization).select_related(
        "user"
    )


def holding_roles(roles: Iterable[str]) -> Q:
    """Memberships holding any of `roles`, as the primary role or an additional one.

    The additional roles are a JSON list; each value is looked for with its quotes (`"viewer"`
    in `["owner", "viewer"]`), which works alike on SQLite and PostgreSQL and cannot match
    part of another role's value.
    """
    wanted = sorted({str(role) for role in roles})
    condition = Q(role__in=wanted)
    for role in wanted:
        condition |= Q(additional_roles__icontains=json.dumps(role))
    return condition


def member_ids_holding(*, organization_id: int, roles: Iterable[str]) -> list[int]:
    """The ids of the organization's members holding any of `roles` (primary or additional),
    e.g. the readers a document distributed to a role reaches."""
    memberships = Membership.objects.filter(organization_id=organization_id)
    return list(memberships.filter(holding_roles(roles)).values_list("user_id", flat=True))


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships, with their organizations, in the switcher's order.

    The one read that spans organizations on purpose: it is how a request learns in which
    organizations the user may act at all (the middleware's tenant context).
    """
    return user.memberships.select_related("organization").order_by(  # type: ignore[no-any-return]
        "organization__name", "id"
    )


def are_members(*, organization_id: int, users: Iterable[Any]) -> bool:
    """Whether every one of `users` is a member of the organization (one query; True for none)."""
    wanted = {user.pk for user in users}
    if not wanted:
        return True
    found = Membership.objects.filter(organization_id=organization_id, user_id__in=wanted)
    return found.values("user_id").distinct().count() == len(wanted)


def check_member(*, organization_id: int, user: Any, field: str = "owner") -> None:
    """Refuse (ValidationError on `field`) a person who is not a member of the organization.

    The one owner-membership check of the services; None passes ("required" is the form's or
    the model's to say).
    """
    if user is not None and not are_members(organization_id=organization_id, users=[user]):
        raise ValidationError({field: _("The owner must be a member of the organization.")})
