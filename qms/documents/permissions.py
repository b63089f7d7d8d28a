"""Who may do what with documents, revisions, distribution and acknowledgements.

Read it as a table: one line per model and action. Process owners manage the documents they
own. Approving is further limited by the revision's guards: only an assigned approver, and
not the author unless the organization allows self-approval. Nobody deletes a document or a
revision: documents are made obsolete, records disposed of, both with a logged reason.
"""

from __future__ import annotations

from django.db.models import Q

from qms.core.permissions import (
    ALL_ROLES,
    MANAGERS,
    Condition,
    Role,
    grant,
    owner_is,
    register_permissions,
)

_EDITORS = MANAGERS | {Role.PROCESS_OWNER}
_OWN_DOCUMENT = {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("owner")}
_OWN_REVISION = {**grant(MANAGERS), Role.PROCESS_OWNER: owner_is("author")}
_READERS_EXPORT = ALL_ROLES - {Role.EMPLOYEE}
# A process owner changes the distribution of the documents they own (like "distribute").
_DOCUMENT_OWNER = Condition(
    name="document_owner_is(user)",
    q=lambda user: Q(document__owner_id=user.pk),
    check=lambda user, obj: obj.document.owner_id == user.pk,
)
_OWN_DISTRIBUTION = {**grant(MANAGERS), Role.PROCESS_OWNER: _DOCUMENT_OWNER}


def register() -> None:
    register_permissions(
        "documents.numberingscheme",
        {"view": ALL_ROLES, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS},
    )
    register_permissions(
        "documents.document",
        {
            "view": ALL_ROLES,
            "export": _READERS_EXPORT,
            "add": _EDITORS,
            "change": _OWN_DOCUMENT,
            "review": _OWN_DOCUMENT,
            "distribute": _OWN_DOCUMENT,
            "import": MANAGERS,
            "make_obsolete": MANAGERS,
            "dispose": MANAGERS,
        },
    )
    register_permissions(
        "documents.documentrevision",
        {
            "view": ALL_ROLES,
            "add": _EDITORS,
            "change": _OWN_REVISION,
            "submit": _OWN_REVISION,
            # Any member may be asked to review; the service checks they are a reviewer.
            "sign_review": ALL_ROLES - {Role.VIEWER},
            "request_changes": _EDITORS | {Role.INTERNAL_AUDITOR},
            "approve": _EDITORS,
            "supersede": _EDITORS,
            "withdraw": MANAGERS,
        },
    )
    register_permissions(
        "documents.documentdistribution",
        {"view": ALL_ROLES, "add": _OWN_DISTRIBUTION, "delete": _OWN_DISTRIBUTION},
    )
    register_permissions(
        "documents.acknowledgement",
        {
            "view": {
                **grant(MANAGERS | {Role.INTERNAL_AUDITOR}),
                **grant(ALL_ROLES - MANAGERS - {Role.INTERNAL_AUDITOR}, owner_is("user")),
            },
            "acknowledge": grant(ALL_ROLES, owner_is("user")),
        },
    )
    register_permissions(
        "documents.documentreview",
        {"view": ALL_ROLES, "add": _EDITORS},
    )
