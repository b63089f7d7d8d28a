"""Retention and disposition of records (ISO 9001 §7.5.3.2).

A record is kept until `retain_until` (set by the register when its revision is approved:
effective date plus the retention period). Afterwards a manager disposes of it through the
document workflow's "dispose" step: a reason is required, the guard
`rules.retention_passed` refuses it earlier, and the step is audited. Disposal is never a
silent delete: the register row, its revisions and files stay; the document's status says
"disposed", `disposed_on` says when, and it leaves the search index.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qms.core.search import search_unindex
from qms.core.workflow import model_transition

from ..models import Document


def document_disposed_effect(*, obj: Document, actor: Any, reason: str, signature: Any) -> None:
    """Effect of the "dispose" transition, inside its transaction (the row is locked): note
    the day and take the record out of search. The transition's audit event records the
    step, the actor and the reason."""
    obj.disposed_on = timezone.localdate()
    obj.save(update_fields=["disposed_on", "updated_at"])
    search_unindex(obj=obj)


def document_dispose(
    *, actor: Any, document: Document, reason: str, version: int | None = None
) -> Document:
    """Dispose of a record whose retention period has passed (see the module docstring).
    Raises `TransitionRefused` naming the unmet condition (retention, reason, role)."""
    return model_transition(
        actor=actor, instance=document, transition="dispose", reason=reason, version=version
    )
