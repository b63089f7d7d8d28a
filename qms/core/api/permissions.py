from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from ..permissions import perm_name, role_has_perm

_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class TenantPermission(BasePermission):
    """Authenticated, acting in an organization, and the role holds the model permission.

    Views declare the model through `queryset`; a transition (`@action`) may name its own
    `permission_action`. Object access is decided by the queryset (for_user), so another
    organization's object is simply not found (404).
    """

    message = "Your role in this organization does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        method = (request.method or "").lower()
        if method not in view.http_method_names or not hasattr(view, method):
            return True  # the route has no such method: DRF answers 405, whoever asks
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        addresses_object = lookup is not None and lookup in getattr(view, "kwargs", {})
        membership = getattr(request._request, "membership", None)
        if membership is None:
            if addresses_object:
                raise NotFound  # no organization: no object exists for this user
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True  # API root, "me" and other views without a model
        action = getattr(view, "permission_action", None) or (
            "view" if request.method in SAFE_METHODS else _ACTIONS.get(request.method or "", "")
        )
        allowed = role_has_perm(membership.role, perm_name(model, action))
        if not allowed and addresses_object:
            # An object the user may not view (e.g. another organization's) is 404 before any
            # 403, as in pages: get_object() reads through for_user(user, "view").
            view.get_object()
        return allowed
