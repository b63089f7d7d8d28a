"""The fields of the portal's records as pages show them: never written through a form (the
services grant and revoke accesses; a response is submitted and reviewed by its steps)."""

from __future__ import annotations

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from ..models import FindingResponse, PortalAccess

PORTAL_ACCESS = ModelSpec(
    model=PortalAccess,
    fields=(),
    read_only=("client", "contact", "user", "status", "granted_by", "created_at"),
    columns=(
        Column("user", link=True, sort="user__email"),
        Column("client", sort="client__legal_name"),
        Column("contact", sort=False),
        Column("status"),
        Column("created_at"),
    ),
    detail=(
        Column("client"),
        Column("contact"),
        Column("user"),
        Column("status"),
        Column("granted_by"),
        Column("created_at"),
    ),
)

FINDING_RESPONSE = ModelSpec(
    model=FindingResponse,
    fields=(),
    read_only=(
        "finding",
        "round",
        "correction",
        "root_cause",
        "corrective_action",
        "submitted_by",
        "submitted_at",
        "review",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
    ),
    columns=(
        Column("finding", link=True, sort="finding__number"),
        Column("round"),
        Column("review"),
        Column("submitted_at"),
        Column("reviewed_at"),
    ),
    detail=(
        Column("finding"),
        Column("round"),
        Column("correction"),
        Column("root_cause"),
        Column("corrective_action"),
        Column("submitted_by"),
        Column("submitted_at"),
        Column("review"),
        Column("reviewed_by"),
        Column("reviewed_at"),
        Column("review_comment"),
    ),
)
