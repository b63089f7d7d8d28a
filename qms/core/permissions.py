"""Roles, and the registry of who may do what: the mechanism of the role → permission matrix.

A permission is "<app_label>.<action>_<model_name>", as in Django. Core holds the mechanism
and the base roles only; each app declares its own rows in its `AppConfig.ready()`:

    register_permissions("organizations.process", {
        "view": ALL_ROLES,
        "change": {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")},
        "activate": {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")},
    })

so a module adds its models (and a certification body its own roles, `register_role()`)
without editing core. Actions are any lower-case verbs, workflow transitions included.

A grant may carry a `Condition`: a `Q` builder that narrows `for_user()` querysets and a
predicate deciding one object. `owner_is("owner")` lets a process owner change the processes
they own; `not_author("author")` is separation of duties (an approver may not approve what
they authored; the documents module declares it on `approve`). Nothing else in the product
decides who may do what: views, the API and selectors ask `has_perm()` /
`has_object_perm()` or go through `TenantQuerySet.for_user()`, which read this registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The base roles every installation has. Later apps add theirs with `register_role()`."""

    OWNER = "owner", _("Owner")
    QUALITY_MANAGER = "quality_manager", _("Quality manager")
    PROCESS_OWNER = "process_owner", _("Process owner")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
    EMPLOYEE = "employee", _("Employee")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    """The CRUD actions every page and route knows. Apps may use any other lower-case verb."""

    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")


ALL_ROLES = frozenset(Role)
MANAGERS = frozenset({Role.OWNER, Role.QUALITY_MANAGER})
AUDIT_READERS = frozenset({Role.OWNER, Role.QUALITY_MANAGER, Role.INTERNAL_AUDITOR})

_ACTION = re.compile(r"^[a-z][a-z_]*[a-z]$")
_LABEL = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9]*$")
_ROLE = re.compile(r"^[a-z][a-z0-9_]*$")


# --- Object-level conditions -------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A constraint on a grant, evaluated the same way for a queryset and for one object.

    `q(user)` narrows `for_user()`; `check(user, obj)` decides one object. Both must agree:
    an object passes `check` exactly when it is in the queryset narrowed by `q`.
    """

    name: str
    q: Callable[[Any], Q]
    check: Callable[[Any, Any], bool]

    def __str__(self) -> str:
        return self.name


def owner_is(field: str) -> Condition:
    """Only objects whose `field` (a foreign key to the user) is the acting user."""
    column = f"{field}_id"
    return Condition(
        name=f"owner_is({field})",
        q=lambda user: Q(**{column: user.pk}),
        check=lambda user, obj: (
            getattr(obj, column) is not None and getattr(obj, column) == user.pk
        ),
    )


def not_author(field: str) -> Condition:
    """Separation of duties: only objects whose `field` is not the acting user (or empty)."""
    column = f"{field}_id"
    return Condition(
        name=f"not_author({field})",
        q=lambda user: ~Q(**{column: user.pk}),
        check=lambda user, obj: getattr(obj, column) != user.pk,
    )


# A grant: the role holds the permission, on every object (None) or under a condition.
Grants = Iterable[str] | Mapping[str, Condition | None]


def grant(roles: Iterable[str], condition: Condition | None = None) -> dict[str, Condition | None]:
    """`{**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}`: roles → one condition."""
    return dict.fromkeys(roles, condition)


# --- Registries ----------------------------------------------------------------------------

_EXTRA_ROLES: dict[str, str | Promise] = {}
# model label -> action -> role -> condition (None: on every object of the organization)
_REGISTRY: dict[str, dict[str, dict[str, Condition | None]]] = {}
# role -> permission -> condition; rebuilt lazily after every registration
_INDEX: dict[str, dict[str, Condition | None]] | None = None


def register_role(value: str, label: str | Promise) -> str:
    """Add a role (e.g. a certification body's "lead_auditor") from an app's `ready()`.

    `Membership.role` takes its choices from `role_choices()`, so no migration is needed.
    """
    global _INDEX
    if not _ROLE.match(value) or len(value) > 32:
        raise ValueError(f"Role {value!r} must be a lower-case identifier of at most 32 chars.")
    if value in _EXTRA_ROLES and str(_EXTRA_ROLES[value]) == str(label):
        return value  # the same declaration again (a `ready()` run twice)
    if value in Role.values or value in _EXTRA_ROLES:
        raise ValueError(f"Role {value!r} is registered twice.")
    _EXTRA_ROLES[value] = label
    _INDEX = None
    return value


def role_choices() -> list[tuple[str, str | Promise]]:
    """Every role as (value, label): the base roles, then those registered by apps."""
    return [*Role.choices, *_EXTRA_ROLES.items()]


def role_values() -> frozenset[str]:
    return frozenset(Role.values) | frozenset(_EXTRA_ROLES)


def register_permissions(model_label: str, actions: Mapping[str, Grants]) -> None:
    """Declare which roles may do what on one model: `{action: roles or {role: condition}}`.

    Called from the owning app's `AppConfig.ready()`. Another app may add actions or roles
    to a model later (e.g. a certification role reading sites), but never grant the same
    (model, action, role) differently: a second declaration is a mistake, not an override.
    Repeating an identical declaration (a `ready()` run again) changes nothing.
    """
    global _INDEX
    if not _LABEL.match(model_label):
        raise ValueError(f"Model label {model_label!r} must be 'app_label.modelname'.")
    known = role_values()
    row = _REGISTRY.setdefault(model_label, {})
    for action, grants in actions.items():
        if not _ACTION.match(action):
            raise ValueError(f"Action {action!r} of {model_label} must be a lower-case verb.")
        granted = dict(grants) if isinstance(grants, Mapping) else dict.fromkeys(grants)
        unknown = set(granted) - known
        if unknown:
            raise ValueError(f"{model_label}.{action} names unknown roles {sorted(unknown)}.")
        held = row.setdefault(action, {})
        twice = {r for r in set(granted) & set(held) if str(granted[r]) != str(held[r])}
        if twice:
            raise ValueError(
                f"{model_label}.{action} is granted twice, differently, to {sorted(twice)}."
            )
        held.update({str(role): condition for role, condition in granted.items()})
    _INDEX = None


def unregister_permissions(model_label: str) -> dict[str, dict[str, Condition | None]] | None:
    """Remove a model's row (tests use it to show what the checks do without it)."""
    global _INDEX
    _INDEX = None
    return _REGISTRY.pop(model_label, None)


def registered_permissions() -> dict[str, dict[str, dict[str, Condition | None]]]:
    """A copy of the registry: model label → action → role → condition."""
    return {
        label: {action: dict(roles) for action, roles in actions.items()}
        for label, actions in _REGISTRY.items()
    }


def perm_name(model: type[models.Model] | str, action: str) -> str:
    """`perm_name(Site, "view")` → "organizations.view_site"."""
    if isinstance(model, str):
        app_label, model_name = model.split(".")
    else:
        app_label, model_name = model._meta.app_label, model._meta.model_name or ""
    return f"{app_label}.{action}_{model_name.lower()}"


def _index() -> dict[str, dict[str, Condition | None]]:
    global _INDEX
    if _INDEX is None:
        index: dict[str, dict[str, Condition | None]] = {role: {} for role in role_values()}
        for label, actions in _REGISTRY.items():
            for action, roles in actions.items():
                for role, condition in roles.items():
                    index.setdefault(role, {})[perm_name(label, action)] = condition
        _INDEX = index
    return _INDEX


_NOT_GRANTED = object()


def role_grant(role: str | None, perm: str) -> tuple[bool, Condition | None]:
    """(granted, condition): whether the role holds `perm`, and on which objects."""
    found = _index().get(role or "", {}).get(perm, _NOT_GRANTED)
    if found is _NOT_GRANTED:
        return False, None
    return True, found  # type: ignore[return-value]


def role_permissions(role: str) -> frozenset[str]:
    """Every permission a role holds, on all or some objects (empty for an unknown role)."""
    return frozenset(_index().get(role, {}))


def role_has_perm(role: str | None, perm: str) -> bool:
    """Whether the role holds `perm` at all; a conditional grant still needs the object."""
    return perm in _index().get(role or "", {})


def roles_with_perm(perm: str) -> frozenset[str]:
    return frozenset(role for role, perms in _index().items() if perm in perms)


# --- Asking: for a membership, a user, an object -------------------------------------------


def _organization_id(organization: Any) -> int | None:
    if organization is None:
        return None
    return organization if isinstance(organization, int) else organization.pk


def role_in(user: Any, organization: Any) -> str | None:
    """The user's role in the organization (id or object), or None for a non-member."""
    from .querysets import user_roles

    org_id = _organization_id(organization)
    return None if org_id is None else user_roles(user).get(org_id)


def has_perm(membership_or_user: Any, perm: str, *, organization: Any = None) -> bool:
    """Whether a membership (or a user in `organization`) holds `perm` on some objects.

    Use it to decide whether to show a button or a page; `has_object_perm()` decides a
    given object when the grant is conditional.
    """
    if membership_or_user is None:
        return False
    role = getattr(membership_or_user, "role", None)
    if role is None and organization is not None:
        role = role_in(membership_or_user, organization)
    return role_has_perm(role, perm)


def has_object_perm(user: Any, obj: models.Model, action: str, *, organization: Any) -> bool:
    """Whether the user may `action` this object, acting in `organization`.

    False for an object of another organization, for a role without the permission, and
    for a conditional grant whose condition the object does not meet.
    """
    from .querysets import owning_organization_id

    org_id = _organization_id(organization)
    if org_id is None or owning_organization_id(obj) != org_id:
        return False
    granted, condition = role_grant(role_in(user, org_id), perm_name(type(obj), action))
    return granted and (condition is None or condition.check(user, obj))


def register() -> None:
    """Core's own row: the audit trail is read by the owner, quality manager and auditor."""
    register_permissions("core.auditevent", {"view": AUDIT_READERS, "export": AUDIT_READERS})
    # Electronic signatures (core/signatures.py) show on the signed record's page, which every
    # role may view so far; narrow this when a module signs records some roles may not see.
    register_permissions("core.signature", {"view": ALL_ROLES, "export": AUDIT_READERS})
    # Attachments (core/attachments/): every member may ask; the record decides ("view" on it
    # to see and download, "change" on it to add and remove).
    # A viewer reads and never writes, whatever the record would allow.
    register_permissions(
        "core.attachment",
        {"view": ALL_ROLES, "add": ALL_ROLES - {Role.VIEWER}, "remove": ALL_ROLES - {Role.VIEWER}},
    )
