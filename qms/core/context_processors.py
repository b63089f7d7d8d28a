from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs: site name, navigation, organization switcher."""
    membership = getattr(request, "membership", None)
    return {
        "site_name": settings.SITE_NAME,
        # Django's auth views put their own `site_name` (the request's host) in the context;
        # the layout uses this name, which no view overrides.
        "brand_name": settings.SITE_NAME,
        "current_membership": membership,
        "current_organization": getattr(request, "organization", None),
        "memberships": getattr(request, "memberships", []),
        "nav": menu_for(membership.roles if membership else None, request.path)
        if membership
        else [],
    }
