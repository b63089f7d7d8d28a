"""Who may see and start imports (registered from core's AppConfig.ready()).

An import is decided by its importer's own permission (`Importer.permission`, e.g. adding
sites): a run, its report and its history are visible to the members whose role may import
that kind, and only they may start one. The registry expresses it as a condition on the
core.importrun grants (`may_import_kind`), so `ImportRun.objects.for_user()` and
`has_object_perm()` answer it like any other rule; the pages and the API also check the
importer's permission before an upload. Fail closed: an unknown kind is 404, a role without
the permission 403, another organization's run 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ..permissions import ALL_ROLES, Condition, grant, register_permissions, role_has_perm, role_in
from ..querysets import user_roles


def importable_kinds(role: str | None) -> list[str]:
    """The kinds of import the role may run (and whose runs it may read)."""
    from .registry import importers

    return sorted(
        importer.kind for importer in importers() if role_has_perm(role, importer.permission_name())
    )


def _q(user: Any) -> Q:
    scope = Q(pk__in=[])
    for organization_id, role in user_roles(user).items():
        scope |= Q(organization_id=organization_id, kind__in=importable_kinds(role))
    return scope


def _check(user: Any, run: Any) -> bool:
    return run.kind in importable_kinds(role_in(user, run.organization_id))


MAY_IMPORT_KIND = Condition(name="may_import_kind", q=_q, check=_check)


def register() -> None:
    from . import navigation  # noqa: F401  (the menu entry)

    runs = grant(ALL_ROLES, MAY_IMPORT_KIND)
    register_permissions("core.importrun", {"view": runs, "add": runs})
