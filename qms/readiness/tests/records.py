"""Records that clear the gap checks, made with the owning apps' factories."""

from __future__ import annotations

from typing import Any

from qms.context.tests.factories import QmsScopeFactory
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.documents.tests.factories import DocumentFactory, DocumentRevisionFactory
from qms.objectives.tests.factories import QualityObjectiveFactory


def effective_document(organization: Any, **values: Any) -> Any:
    document = DocumentFactory(organization=organization, **values)
    revision = DocumentRevisionFactory(
        organization=organization, document=document, status="effective"
    )
    with allow_unaudited_writes():
        document.current_revision = revision
        document.save(update_fields=["current_revision"])
    return document


def healthy(organization: Any) -> dict[str, Any]:
    """A quality policy in force, an active objective and a written scope."""
    return {
        "policy": effective_document(organization, document_type="policy"),
        "objective": QualityObjectiveFactory(organization=organization, status="active"),
        "scope": QmsScopeFactory(organization=organization),
    }
