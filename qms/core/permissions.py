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

A member holds one or more roles in an organization (`Membership.role`, the primary one,
plus `Membership.additional_roles`; `Membership.roles` is the set). What they may do is the
union of their roles' grants: where two roles grant the same permission, a grant on every
object wins over a conditional one, and two conditions combine with OR (`any_of()`). The
functions that answer for "a role" (`role_grant`, `role_has_perm`, `role_permissions`) take
one role value or the member's set of roles alike; the union of each distinct set is built
once and cached until the next registration.

A grant may carry a `Condition`: a `Q` builder that narrows `for_user()` querysets and a
predicate deciding one object. `owner_is("owner")` lets a process owner change the processes
they own; `not_author("author")` is separation of duties (an approver may not approve what
they authored; the documents module declares it on `approve`). Nothing else in the product
decides who may do what: views, the API and selectors ask `has_perm()` /
`has_object_perm()` or go through `TenantQuerySet.for_user()`, which read this registry.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

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


def any_of(*conditions: Condition) -> Condition:
    """Objects meeting at least one of `conditions` (a member holding two roles, each granted
    the permission under its own condition). Conditions of the same name count once."""
    named: dict[str, Condition] = {}
    for condition in conditions:
        named.setdefault(str(condition), condition)
    unique = list(named.values())
    if not unique:
        raise ValueError("any_of() needs at least one condition.")
    if len(unique) == 1:
        return unique[0]
    return Condition(
        name=f"any_of({', '.join(str(condition) for condition in unique)})",
        q=lambda user: functools.reduce(operator.or_, (c.q(user) for c in unique)),
        check=lambda user, obj: any(c.check(user, obj) for c in unique),
    )


# A grant: the role holds the permission, on every object (None) or under a condition.
Grants = Iterable[str] | Mapping[str, Condition | None]


def grant(roles: Iterable[str], condition: Condition | None = None) -> dict[str, Condition | None]:
    """`{**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}`: roles → one condition."""
    return dict.fromkeys(roles, condition)


# --- The roles of a member -----------------------------------------------------------------


class MemberRoles(frozenset[str]):
    """The roles one member holds in one organization: a frozenset of role values (what
    `role_grant()` and the other checks take) that also remembers the primary role."""

    __slots__ = ("primary",)
    primary: str

    def __new__(cls, primary: str, additional: Iterable[str] = ()) -> MemberRoles:
        roles = super().__new__(cls, (str(primary), *(str(role) for role in additional)))
        roles.primary = str(primary)
        return roles

    def __reduce__(self) -> tuple[Any, ...]:
        return (MemberRoles, (self.primary, tuple(sorted(self - {self.primary}))))

    def __repr__(self) -> str:
        others = sorted(self - {self.primary})
        return f"MemberRoles({self.primary!r}, {others!r})"


# What the checks accept for "the roles": one role value, the member's set, or nobody (None).
RolesArg: TypeAlias = str | Iterable[str] | None


def as_roles(roles: RolesArg) -> frozenset[str]:
    """One role value, a collection of them or None, as the frozenset of role values."""
    if roles is None:
        return frozenset()
    if isinstance(roles, str):
        return frozenset({str(roles)}) if roles else frozenset()
    return frozenset(str(role) for role in roles)


# --- Registries ----------------------------------------------------------------------------

_EXTRA_ROLES: dict[str, str | Promise] = {}
# model label -> action -> role -> condition (None: on every object of the organization)
_REGISTRY: dict[str, dict[str, dict[str, Condition | None]]] = {}
# role -> permission -> condition; rebuilt lazily after every registration
_INDEX: dict[str, dict[str, Condition | None]] | None = None
# a set of two or more roles -> permission -> condition (their union); emptied with _INDEX
_UNIONS: dict[frozenset[str], dict[str, Condition | None]] = {}


def _invalidate() -> None:
    global _INDEX
    _INDEX = None
    _UNIONS.clear()


def register_role(value: str, label: str | Promise) -> str:
    """Add a role (e.g. a certification body's "lead_auditor") from an app's `ready()`.

    `Membership.role` takes its choices from `role_choices()`, so no migration is needed.
    """
    if not _ROLE.match(value) or len(value) > 32:
        raise ValueError(f"Role {value!r} must be a lower-case identifier of at most 32 chars.")
    if value in _EXTRA_ROLES and str(_EXTRA_ROLES[value]) == str(label):
        return value  # the same declaration again (a `ready()` run twice)
    if value in Role.values or value in _EXTRA_ROLES:
        raise ValueError(f"Role {value!r} is registered twice.")
    _EXTRA_ROLES[value] = label
    _invalidate()
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
    _invalidate()


def unregister_permissions(model_label: str) -> dict[str, dict[str, Condition | None]] | None:
    """Remove a model's row (tests use it to show what the checks do without it)."""
    _invalidate()
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


def _union(grants: Iterable[Mapping[str, Condition | None]]) -> dict[str, Condition | None]:
    """The permissions of several roles: a grant on every object wins, conditions OR."""
    conditions: dict[str, list[Condition] | None] = {}
    for perms in grants:
        for perm, condition in perms.items():
            held = conditions.setdefault(perm, [])
            if held is None:
                continue  # already granted on every object
            if condition is None:
                conditions[perm] = None
            else:
                held.append(condition)
    return {perm: None if held is None else any_of(*held) for perm, held in conditions.items()}


def _grants(roles: RolesArg) -> Mapping[str, Condition | None]:
    """permission -> condition for one role or a member's roles (the union, cached)."""
    key = as_roles(roles)
    index = _index()
    if len(key) <= 1:
        return index.get(next(iter(key), ""), {})
    union = _UNIONS.get(key)
    if union is None:
        # Sorted, so a combined condition's name does not depend on the set's order.
        union = _union(index.get(role, {}) for role in sorted(key))
        _UNIONS[key] = union
    return union


_NOT_GRANTED = object()


def role_grant(roles: RolesArg, perm: str) -> tuple[bool, Condition | None]:
    """(granted, condition): whether the role (or any of a member's roles) holds `perm`,
    and on which objects (None: every object of the organization)."""
    found = _grants(roles).get(perm, _NOT_GRANTED)
    if found is _NOT_GRANTED:
        return False, None
    return True, found  # type: ignore[return-value]


def role_permissions(roles: RolesArg) -> frozenset[str]:
    """Every permission a role (or a member's roles together) holds, on all or some objects
    (empty for an unknown role)."""
    return frozenset(_grants(roles))


def role_has_perm(roles: RolesArg, perm: str) -> bool:
    """Whether the role (or any of a member's roles) holds `perm` at all; a conditional
    grant still needs the object."""
    return perm in _grants(roles)


def roles_with_perm(perm: str) -> frozenset[str]:
    """The single roles holding `perm` (a member holds it when any of their roles is one)."""
    return frozenset(role for role, perms in _index().items() if perm in perms)


# --- Asking: for a membership, a user, an object -------------------------------------------


def _organization_id(organization: Any) -> int | None:
    if organization is None:
        return None
    return organization if isinstance(organization, int) else organization.pk


def roles_in(user: Any, organization: Any) -> frozenset[str]:
    """Every role the user holds in the organization (id or object): a `MemberRoles`, or an
    empty set for a non-member. What the permission checks take."""
    from .querysets import user_roles

    org_id = _organization_id(organization)
    found = None if org_id is None else user_roles(user).get(org_id)
    return frozenset() if found is None else found


def role_in(user: Any, organization: Any) -> str | None:
    """The user's primary role in the organization (id or object), or None for a
    non-member. Decide permissions with `roles_in()`: the member may hold more roles."""
    from .querysets import user_roles

    org_id = _organization_id(organization)
    found = None if org_id is None else user_roles(user).get(org_id)
    return None if found is None else found.primary


def has_perm(membership_or_user: Any, perm: str, *, organization: Any = None) -> bool:
    """Whether a membership (every role it holds) or a user in `organization` holds `perm`
    on some objects.

    Use it to decide whether to show a button or a page; `has_object_perm()` decides a
    given object when the grant is conditional.
    """
    if membership_or_user is None:
        return False
    roles = getattr(membership_or_user, "roles", None)
    if roles is None:
        roles = getattr(membership_or_user, "role", None)
    if roles is None and organization is not None:
        roles = roles_in(membership_or_user, organization)
    return role_has_perm(roles, perm)


def has_object_perm(user: Any, obj: models.Model, action: str, *, organization: Any) -> bool:
    """Whether the user may `action` this object, acting in `organization`.

    False for an object of another organization, for roles without the permission, and
    for a conditional grant whose condition the object does not meet (with several roles,
    any of their conditions).
    """
    from .querysets import owning_organization_id

    org_id = _organization_id(organization)
    if org_id is None or owning_organization_id(obj) != org_id:
        return False
    granted, condition = role_grant(roles_in(user, org_id), perm_name(type(obj), action))
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
