"""The one entry point for tenant-scoped reads: `Model.objects.for_user(user, action)`.

Selectors and generic views start every query on tenant data here. It returns only rows of
organizations in which the user's membership role grants `<app>.<action>_<model>`; rows of
any other organization simply do not exist for that user, so their pages answer 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models

from .permissions import perm_name, role_has_perm

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

_M = TypeVar("_M", bound=models.Model)


def user_roles(user: Any) -> dict[int, str]:
    """organization id → role for the user's active memberships, loaded once per user object.

    The result is cached on the user instance, which lives for one request, so any number of
    scoped queries in a request cost one membership query in all.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    cached: dict[int, str] | None = getattr(user, "_qms_roles", None)
    if cached is None:
        cached = dict(user.memberships.values_list("organization_id", "role"))
        user._qms_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the per-request cache after a service changed the user's memberships."""
    if hasattr(user, "_qms_roles"):
        del user._qms_roles


def organizations_with_perm(user: Any, perm: str) -> list[int]:
    return sorted(org_id for org_id, role in user_roles(user).items() if role_has_perm(role, perm))


def limit_to_organization(
    queryset: models.QuerySet[Any], organization: Any
) -> models.QuerySet[Any]:
    """The choices a record of `organization` may point at: that organization's rows of a
    tenant-scoped model, or its members for the user model; other models are left as they are.

    Forms, API serializers and filtersets all narrow their related-object choices here, so a
    hand-crafted id of another tenant's object is "not a valid choice", exactly like a typo.
    """
    from django.contrib.auth import get_user_model

    if isinstance(queryset, TenantQuerySet):
        return queryset.filter(organization=organization)
    if issubclass(queryset.model, get_user_model()):
        return queryset.filter(memberships__organization=organization).distinct()
    return queryset


class TenantQuerySet(models.QuerySet[_M]):
    def for_user(
        self,
        user: AbstractBaseUser | AnonymousUser | None,
        action: str = "view",
        *,
        organization: int | Any | None = None,
    ) -> Self:
        """Rows the user may `action`; narrowed to one organization (id or object) if given."""
        allowed = organizations_with_perm(user, perm_name(self.model, action))
        if organization is not None:
            org_id = organization if isinstance(organization, int) else organization.pk
            allowed = [org_id] if org_id in allowed else []
        if not allowed:
            return self.none()
        if len(allowed) == 1:
            return self.filter(organization_id=allowed[0])
        return self.filter(organization_id__in=allowed)
