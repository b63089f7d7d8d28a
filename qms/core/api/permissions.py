"""The permission class of every organization-scoped API view: fail closed.

The permission an API request needs comes from the view, never from a guess:
- a viewset's CRUD actions map to "view", "add" (`create` only), "change" and "delete";
- an `@action` names its own: `@action(detail=True, methods=["post"],
  permission_action="activate")` (DRF turns the keyword into a view attribute); an action
  without one is refused (403), and system check qms.E003 refuses it at start-up;
- a plain API view reads with "view", changes with PUT/PATCH and deletes with DELETE; any
  POST must declare `permission_action`.
A view without a model is refused unless it declares `tenant_permission_exempt = "<why>"`.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from ..permissions import has_object_perm, perm_name, role_has_perm

# A viewset's own actions; anything else is an @action and must declare its permission.
_VIEWSET_ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "metadata": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}
# A plain API view's methods; POST is not here on purpose (it must say what it does).
_METHODS = {"PUT": "change", "PATCH": "change", "DELETE": "delete"}


def required_action(request: Request, view: Any) -> str | None:
    """The action the request needs on the view's model, or None if nothing grants it."""
    declared: str | None = getattr(view, "permission_action", None)
    if declared:
        return declared
    name = getattr(view, "action", None)
    if name is not None:
        return _VIEWSET_ACTIONS.get(name)
    if request.method in SAFE_METHODS:
        return "view"
    return _METHODS.get(request.method or "")


def view_model(view: Any) -> Any:
    return getattr(getattr(view, "queryset", None), "model", None)


class TenantPermission(BasePermission):
    """Authenticated, acting in an organization, and one of the member's roles holds the
    model permission; per object, the grant's condition holds for the object (e.g. the user
    owns it; with several roles, any of their conditions).

    Another organization's object is not found (404), since get_queryset() reads through
    for_user(); an object the user may see but not act on is refused (403).
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
        model = view_model(view)
        if model is None:
            # API root, "me": allowed only when the view says why it has no model.
            return bool(getattr(view, "tenant_permission_exempt", ""))
        action = required_action(request, view)
        allowed = action is not None and role_has_perm(membership.roles, perm_name(model, action))
        if not allowed and addresses_object:
            # An object the user may not view (e.g. another organization's) is 404 before any
            # 403, as in pages: get_object() reads through for_user(user, "view").
            view.get_object()
        return allowed

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        action = required_action(request, view)
        if action is None:
            return False
        organization = getattr(request._request, "organization", None)
        return has_object_perm(request.user, obj, action, organization=organization)
