"""Who may see and start imports (registered from core's AppConfig.ready()).

The row below only opens the door: every import, its page, its API route and its history is
also gated by the importer's own permission (`Importer.permission`, e.g. adding sites), which
is what decides. Fail closed: without both, the answer is 403 (404 for an unknown kind).
"""

from __future__ import annotations

from ..permissions import ALL_ROLES, register_permissions


def register() -> None:
    from . import navigation  # noqa: F401  (the menu entry)

    register_permissions("core.importrun", {"view": ALL_ROLES, "add": ALL_ROLES})
