from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ApiToken, Membership


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """A user's own tokens, in every organization (tokens are personal)."""
    return ApiToken.objects.filter(user_id=user.pk).select_related("organization")


def membership_list(*, user: Any, organization: Any) -> QuerySet[Membership]:
    return Membership.objects.for_user(user, "view", organization=organization).select_related(
        "user"
    )


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships, with their organizations, in the switcher's order.

    The one read that spans organizations on purpose: it is how a request learns in which
    organizations the user may act at all (the middleware's tenant context).
    """
    return user.memberships.select_related("organization").order_by(  # type: ignore[no-any-return]
        "organization__name", "id"
    )
