"""Who may see and start imports (registered from core's AppConfig.ready()).

- Starting an import needs the importer's own permission (`Importer.permission`, e.g.
  adding sites), checked by the pages, the API and `import_run` itself; the core.importrun
  "add" row below only opens the door for every role.
- The history of imports (every run and its report) is read like the audit log: by the
  owner, the quality manager and the internal auditor. Whoever ran an import also sees
  their own runs on the import pages.

Fail closed: an unknown kind is 404, a role without the importer's permission 403, another
organization's run (or a run the user may not read) 404.
"""

from __future__ import annotations

from ..permissions import ALL_ROLES, AUDIT_READERS, Role, register_permissions


def register() -> None:
    from . import navigation  # noqa: F401  (the menu entry)

    register_permissions(
        "core.importrun", {"view": AUDIT_READERS, "add": ALL_ROLES - {Role.VIEWER}}
    )
