"""The authenticated user of a request, typed, for services' `actor` argument."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from .models import User


def acting_user(request: Any) -> User:
    """`request.user` of a view that requires log-in (pages or API)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Log in first.")
    return user
