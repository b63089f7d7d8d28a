"""Pure guards of the organizations' workflows: no database access, no side effects.

Each takes keyword-only `obj` and `actor` and returns None when the step may happen, or the
reason in words (shown beside the disabled button and named when a transition is refused).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Process


def has_owner(*, obj: Process, actor: Any) -> str | None:
    """ISO 9001 §5.3: every process has a person responsible for it before it runs."""
    if obj.owner_id is None:
        return "The process has no owner: choose an owner before activating it."
    return None
