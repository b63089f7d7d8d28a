"""The one entry point for tenant-scoped reads, and the guard that keeps it the only one.

`Model.objects.for_user(user, action, organization=org)` returns the rows of `org` the user's
roles let them `action` (narrowed further when the grant carries a condition, such as
"owner is the user"; with several roles, to the rows any of their conditions allows); rows
of any other organization simply do not exist for that user, so their pages answer 404.

The default manager of every tenant model refuses to evaluate a query that was not scoped:
not narrowed by `for_user()`, `for_organization(org)`, a filter on `organization` /
`organization_id`, a parent row (a related manager) or `none()`. Core machinery, services,
selectors, demo data, migrations, tests, factories and the staff-only Django admin may read
unscoped; anywhere else an unscoped read is a bug that would show one tenant another's data,
so it raises `UnscopedQueryError` naming the model and the calling line. Scoped querysets
carry a flag on the clone, so the list path pays no stack inspection.

`tenant_rows_written` is sent after `update()`, `bulk_create()`, `bulk_update()` and
`delete()` on a tenant queryset (the writes that bypass `Model.save()` and its signals), with
`sender=<model>`, `operation` ("update", "bulk_create", "bulk_update", "delete") and `rows`
(how many). The test-time audit guard subscribes to it; with no receiver it costs nothing.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import models
from django.dispatch import Signal

from .permissions import MemberRoles, perm_name, role_grant, role_has_perm

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

_M = TypeVar("_M", bound=models.Model)

tenant_rows_written = Signal()

# The largest row offset a page may ask for. SQLite and PostgreSQL take OFFSET as a signed
# 64-bit integer; a larger one is refused by the driver (SQLite: "datatype mismatch"), so a
# page that far out is "beyond the last page" without asking the database.
MAX_ROW_OFFSET = 2**62


class UnscopedQueryError(RuntimeError):
    """A tenant model was read without naming the organization, outside the allowed code."""


def get_tenant_model() -> type[models.Model]:
    """The model of the tenant (`settings.TENANT_MODEL`, like `AUTH_USER_MODEL`)."""
    return apps.get_model(settings.TENANT_MODEL, require_ready=False)


def user_roles(user: Any) -> dict[int, MemberRoles]:
    """organization id → the roles the user holds there (`MemberRoles`: the primary role and
    the additional ones), for the user's memberships, loaded once per user object.

    The result is cached on the user instance, which lives for one request, so any number of
    scoped queries in a request cost one membership query in all.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    cached: dict[int, MemberRoles] | None = getattr(user, "_qms_roles", None)
    if cached is None:
        rows = user.memberships.values_list("organization_id", "role", "additional_roles")
        cached = {org_id: MemberRoles(role, more or ()) for org_id, role, more in rows}
        user._qms_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the per-request cache after a service changed the user's memberships."""
    if hasattr(user, "_qms_roles"):
        del user._qms_roles


def organizations_with_perm(user: Any, perm: str) -> list[int]:
    """The organizations in which any of the user's roles holds `perm`, by id."""
    return sorted(
        org_id for org_id, roles in user_roles(user).items() if role_has_perm(roles, perm)
    )


def owning_organization_id(obj: Any) -> int | None:
    """The id of the organization an object belongs to (its own id for the tenant itself)."""
    if isinstance(obj, get_tenant_model()):
        return obj.pk  # type: ignore[no-any-return]
    return getattr(obj, "organization_id", None)


def limit_to_organization(
    queryset: models.QuerySet[Any], organization: Any
) -> models.QuerySet[Any]:
    """The choices a record of `organization` may point at: that organization's rows of a
    tenant-scoped model, the organization itself for the tenant model, or its members for
    the user model; other models are left as they are.

    Forms, API serializers and filtersets all narrow their related-object choices here, so a
    hand-crafted id of another tenant's object is "not a valid choice", exactly like a typo.
    """
    from django.contrib.auth import get_user_model

    if isinstance(queryset, TenantQuerySet):
        return queryset.for_organization(organization)
    if issubclass(queryset.model, get_tenant_model()):
        return queryset.filter(pk=getattr(organization, "pk", organization))
    if issubclass(queryset.model, get_user_model()):
        return queryset.filter(memberships__organization=organization).distinct()
    return queryset


# --- Who may read unscoped ----------------------------------------------------------------

# Third-party code that reads on its own and is trusted: the staff-only admin, dumpdata and
# loaddata.
_TRUSTED_LIBRARIES = ("django.contrib.admin", "django.core.management", "django.core.serializers")
_ALLOWED_PARTS = frozenset(
    {"services", "selectors", "demo", "migrations", "tests", "factories", "conftest", "testing"}
)


# Generic machinery that evaluates querysets other code built (generic views, viewsets, list
# serializers) and middleware, which wraps every request: never the code responsible.
_PASS_THROUGH = ("qms.core.views.", "qms.core.api.")


def _allowed_module(module: str) -> bool:
    if module == "qms.core" or module.startswith("qms.core."):
        return True
    parts = module.split(".")
    return bool(_ALLOWED_PARTS.intersection(parts)) or parts[-1].startswith("test_")


def _passed_over(module: str) -> bool:
    return module.startswith(_PASS_THROUGH) or module.endswith(".middleware")


def _request_boundary(module: str, function: str) -> bool:
    """Where a request enters a view: Django's handler, or the function `as_view()` returns.
    A test that sends the request (or the server) is not the code responsible for it."""
    return module.startswith("django.core.handlers.") or (
        function == "view" and module in ("django.views.generic.base", "rest_framework.viewsets")
    )


def _caller() -> tuple[bool, str, int]:
    """(allowed, module, line) of the code responsible for evaluating the query.

    Walks outwards past Django's ORM and queryset methods. Third-party frames (templates,
    DRF, django-filter) and core's generic views and API machinery are passed over to the
    qms code that called them: a module's unscoped `get_queryset()` evaluated by a generic
    list is that module's bug, not core's. The walk stops where the request entered the
    view, so the test or server that sent it never vouches for it. If only such frames are
    found, the query is refused, naming the innermost frame. The staff-only admin and
    Django's dump/load commands are trusted.
    """
    frame = sys._getframe(2)
    first_outside: tuple[str, int] | None = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("django.db.") or isinstance(
            frame.f_locals.get("self"), models.QuerySet
        ):
            frame = frame.f_back  # type: ignore[assignment]
            continue
        if first_outside is None or (
            module.startswith("qms.") and not first_outside[0].startswith("qms.")
        ):
            first_outside = (module, frame.f_lineno)  # the innermost frame, ours if any
        if _request_boundary(module, frame.f_code.co_name):
            break  # who handles the request is outside it: nothing inside vouched for the query
        if module.startswith(_TRUSTED_LIBRARIES):
            return True, module, frame.f_lineno
        if module.startswith("qms.") and not _passed_over(module):
            return _allowed_module(module), module, frame.f_lineno
        if not module.startswith("qms.") and _allowed_module(module):
            return True, module, frame.f_lineno  # a test module imported by its file name
        frame = frame.f_back  # type: ignore[assignment]
    module, line = first_outside or ("<unknown>", 0)
    return False, module, line


class TenantQuerySet(models.QuerySet[_M]):
    """Rows of tenant-scoped models: read through `for_user()` or `for_organization()`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._qms_scoped = False

    # --- Scoping: a flag carried by every clone --------------------------------------------

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._qms_scoped = self._qms_scoped
        return clone  # type: ignore[no-any-return]

    def _scoped(self) -> Self:
        self._qms_scoped = True
        return self

    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> Self:
        clone = super()._filter_or_exclude(negate, args, kwargs)  # type: ignore[misc]
        if not negate and not self._qms_scoped and _names_organization(kwargs, args):
            clone._qms_scoped = True
        return clone  # type: ignore[no-any-return]

    def none(self) -> Self:
        return super().none()._scoped()

    def for_organization(self, organization: Any) -> Self:
        """Every row of one organization (id or object), whatever the user: for code that
        acts for the organization itself (services, exports, choices of a form). None, as
        for a request outside any organization, gives no rows."""
        if organization is None:
            return self.none()
        org_id = organization if isinstance(organization, int) else organization.pk
        return self.filter(organization_id=org_id)._scoped()

    def for_user(
        self,
        user: AbstractBaseUser | AnonymousUser | None,
        action: str = "view",
        *,
        organization: int | Any | None,
    ) -> Self:
        """Rows of `organization` (id or object) the user may `action`.

        The organization is required: a user's rights are per organization, and a read that
        spans every organization the user belongs to is how one tenant's data ends up on
        another's page. A conditional grant narrows the rows further (e.g. the owner's own);
        a member whose roles grant `action` under different conditions sees the rows any of
        them allows, and one role granting it on every row gives every row.
        """
        if organization is None:
            return self.none()
        org_id = organization if isinstance(organization, int) else organization.pk
        roles = user_roles(user).get(org_id)
        granted, condition = role_grant(roles, perm_name(self.model, action))
        if not granted:
            return self.none()
        queryset = self.filter(organization_id=org_id)
        if condition is not None:
            queryset = queryset.filter(condition.q(user))
        return queryset._scoped()

    # --- The guard: unscoped reads outside the allowed code ----------------------------------

    def _check_scope(self) -> None:
        if self._qms_scoped:
            return
        allowed, module, line = _caller()
        if not allowed:
            raise UnscopedQueryError(
                f"{self.model._meta.label}: unscoped query evaluated in {module}, line {line}. "
                "Read tenant data through a selector (Model.objects.for_user(user, action, "
                "organization=…)) or narrow it with for_organization(organization)."
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None and not self._qms_scoped:
            self._check_scope()
        super()._fetch_all()

    def count(self) -> int:
        self._check_scope()
        return super().count()

    def exists(self) -> bool:
        self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def in_bulk(self, id_list: Any = None, *, field_name: str = "pk") -> dict[Any, _M]:
        self._check_scope()
        return super().in_bulk(id_list, field_name=field_name)

    def contains(self, obj: models.Model) -> bool:
        self._check_scope()
        return super().contains(obj)

    # --- Writes that bypass Model.save(): scoped like reads, and announced -------------------

    def _announce(self, operation: str, rows: int) -> None:
        if not _WRITING.get():
            tenant_rows_written.send(sender=self.model, operation=operation, rows=rows)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        token = _WRITING.set(True)
        try:
            rows = super().update(**kwargs)
        finally:
            _WRITING.reset(token)
        self._announce("update", rows)
        return rows

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        token = _WRITING.set(True)
        try:
            deleted = super().delete()
        finally:
            _WRITING.reset(token)
        self._announce("delete", deleted[0])
        return deleted

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        token = _WRITING.set(True)
        try:
            created = super().bulk_create(objs, *args, **kwargs)
        finally:
            _WRITING.reset(token)
        self._announce("bulk_create", len(created))
        return created

    def bulk_update(
        self, objs: Iterable[_M], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        token = _WRITING.set(True)
        try:
            rows = super().bulk_update(objs, fields, batch_size=batch_size)
        finally:
            _WRITING.reset(token)
        self._announce("bulk_update", rows)
        return rows


# Set while one of the writes above runs, so the updates Django makes inside bulk_update()
# (or a delete's cascade) are not announced a second time.
_WRITING: ContextVar[bool] = ContextVar("qms_tenant_writing", default=False)


_ORGANIZATION_LOOKUPS = frozenset(
    f"{field}{lookup}"
    for field in ("organization", "organization_id", "organization__pk", "organization__id")
    for lookup in ("", "__exact", "__in")
) | {"organization__slug", "organization__slug__exact", "organization__slug__in"}


def _names_organization(kwargs: dict[str, Any], args: Any) -> bool:
    """Whether a filter names the organization(s) exactly: `organization=`,
    `organization_id__in=`, `organization__slug=`… (not a search such as
    `organization__name__icontains=`, which may match any number of tenants)."""
    if any(key in _ORGANIZATION_LOOKUPS for key in kwargs):
        return True
    for arg in args:
        if isinstance(arg, models.Q) and arg.connector == models.Q.AND and not arg.negated:
            children = [c for c in arg.children if isinstance(c, tuple)]
            if _names_organization(dict(children), ()):
                return True
    return False


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """The default manager of tenant models. A related manager (`site.processes`) is
    scoped by its parent row, which was itself read through the rules above."""

    def get_queryset(self) -> TenantQuerySet[Any]:
        queryset: TenantQuerySet[Any] = super().get_queryset()
        if getattr(self, "instance", None) is not None:
            queryset._qms_scoped = True
        return queryset
