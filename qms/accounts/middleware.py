"""Resolves the organization a request acts in: the tenant context of every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from .models import Membership, User
from .selectors import memberships_of

SESSION_KEY = "qms_organization_id"


def attach_tenant(
    request: Any, user: User, memberships: list[Membership], chosen: Membership | None
) -> None:
    """Put the tenant context on the request and prime the user's role cache for for_user()."""
    user._qms_roles = {m.organization_id: m.role for m in memberships}  # type: ignore[attr-defined]
    request.memberships = memberships
    request.membership = chosen
    request.organization = chosen.organization if chosen else None


def resolve_session_tenant(request: HttpRequest) -> None:
    user = request.user
    if not user.is_authenticated or not isinstance(user, User):
        request.memberships = []  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        request.organization = None  # type: ignore[attr-defined]
        return
    memberships = list(memberships_of(user=user))
    wanted = request.session.get(SESSION_KEY)
    chosen = next((m for m in memberships if m.organization_id == wanted), None)
    if chosen is None and memberships:
        chosen = memberships[0]
    attach_tenant(request, user, memberships, chosen)


class CurrentOrganizationMiddleware:
    """Loads the user's memberships once and picks the active one (the switcher's choice)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        resolve_session_tenant(request)
        return self.get_response(request)
