"""Roles and the one role → permission matrix of the product.

A permission is "<app_label>.<action>_<model_name>", as in Django. Later modules add rows to
MATRIX (and certification-body roles to Role); nothing else in the product decides who may
do what. Views, the API and selectors ask `has_perm()` or go through
`TenantQuerySet.for_user()`, which read this table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    QUALITY_MANAGER = "quality_manager", _("Quality manager")
    PROCESS_OWNER = "process_owner", _("Process owner")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
    EMPLOYEE = "employee", _("Employee")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")


_ALL = frozenset(Role)
_MANAGERS = frozenset({Role.OWNER, Role.QUALITY_MANAGER})
_AUDIT_READERS = frozenset({Role.OWNER, Role.QUALITY_MANAGER, Role.INTERNAL_AUDITOR})
_WRITE = ("add", "change", "delete")

# model label -> action -> roles holding it. Read it as a table: one line per model and action.
MATRIX: dict[str, dict[str, frozenset[Role]]] = {
    "organizations.organization": {"view": _ALL, "change": frozenset({Role.OWNER})},
    "organizations.site": {
        "view": _ALL,
        "export": _ALL - {Role.EMPLOYEE},
        **dict.fromkeys(_WRITE, _MANAGERS),
    },
    "organizations.process": {
        "view": _ALL,
        "export": _ALL - {Role.EMPLOYEE},
        "add": _MANAGERS,
        "change": _MANAGERS | {Role.PROCESS_OWNER},
        "delete": _MANAGERS,
    },
    "accounts.membership": {
        "view": _MANAGERS | {Role.INTERNAL_AUDITOR},
        "export": _MANAGERS,
        "change": frozenset({Role.OWNER}),
        "delete": frozenset({Role.OWNER}),
    },
    "accounts.invitation": {
        "view": _MANAGERS,
        "add": frozenset({Role.OWNER}),
        "delete": frozenset({Role.OWNER}),
    },
    "core.auditevent": {"view": _AUDIT_READERS, "export": _AUDIT_READERS},
}


def perm_name(model: type[models.Model] | str, action: str) -> str:
    """`perm_name(Site, "view")` → "organizations.view_site"."""
    if isinstance(model, str):
        app_label, model_name = model.split(".")
    else:
        app_label, model_name = model._meta.app_label, model._meta.model_name or ""
    return f"{app_label}.{action}_{model_name}"


def _build_role_index(
    matrix: Mapping[str, Mapping[str, Iterable[Role]]],
) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {role: set() for role in Role}
    for label, actions in matrix.items():
        for action, roles in actions.items():
            for role in roles:
                index[role].add(perm_name(label, action))
    return {role: frozenset(perms) for role, perms in index.items()}


_ROLE_PERMISSIONS = _build_role_index(MATRIX)


def role_permissions(role: str) -> frozenset[str]:
    """Every permission a role holds (empty for an unknown role)."""
    return _ROLE_PERMISSIONS.get(role, frozenset())


def role_has_perm(role: str, perm: str) -> bool:
    return perm in _ROLE_PERMISSIONS.get(role, frozenset())


def roles_with_perm(perm: str) -> frozenset[str]:
    return frozenset(role for role, perms in _ROLE_PERMISSIONS.items() if perm in perms)
