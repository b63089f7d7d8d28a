"""Resolves the organization a request acts in: the tenant context of every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .models import Membership, User
from .selectors import memberships_of

SESSION_KEY = "qms_organization_id"

# People with no membership whom another app lets in its own way (an external auditor's
# access grant: qms.access_grants registers it; accounts imports no app). `home(user)` gives
# their entry page, or None. For such a person every organization page answers 404 (they are
# not members: for them it does not exist, as another organization's record does not), the
# dashboard sends them to their home, and only their own account's pages stay open.
_OUTSIDE_HOMES: list[Callable[[User], str | None]] = []
_OPEN_TO_OUTSIDERS = ("/accounts/", "/static/", "/api/", "/notifications/", "/healthz", "/livez")


def register_outside_home(home: Callable[[User], str | None]) -> None:
    if home not in _OUTSIDE_HOMES:
        _OUTSIDE_HOMES.append(home)


def _outside_home(request: Any) -> str | None:
    user = request.user
    if request.memberships or not isinstance(user, User) or not user.is_authenticated:
        return None
    return next((url for home in _OUTSIDE_HOMES if (url := home(user))), None)


def attach_tenant(
    request: Any, user: User, memberships: list[Membership], chosen: Membership | None
) -> None:
    """Put the tenant context on the request and prime the user's role cache for for_user()
    (`core.querysets.user_roles`: every role of each membership)."""
    user._qms_roles = {m.organization_id: m.roles for m in memberships}  # type: ignore[attr-defined]
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
        # Members never reach the look-up (their memberships are loaded already); for others
        # it costs one query, asked only for the pages it may close.
        path = request.path
        home = (
            _outside_home(request)
            if _OUTSIDE_HOMES and not path.startswith(_OPEN_TO_OUTSIDERS)
            else None
        )
        if home is not None and not path.startswith(home):
            if path == reverse("core:dashboard"):
                return HttpResponseRedirect(home)
            raise Http404
        return self.get_response(request)
