"""Pure guards of the standards app: no database access, no side effects.

Each returns None when the step may happen, or the reason in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Clause


def exclusion_refusal(*, clause: Clause, justification: str) -> str | None:
    """Whether `clause` may be declared not applicable with this justification.

    Only clauses the library marks `may_be_not_applicable` (e.g. ISO 9001 §8.3 design and
    development, §7.1.5.2, Annex A controls in a Statement of Applicability) can be
    excluded, and never without a justification (the scope statement must give it).
    """
    if not clause.may_be_not_applicable:
        return (
            f"{clause.number} cannot be declared not applicable: only clauses the standard "
            "allows to be excluded (such as ISO 9001 §8.3) can be."
        )
    if not justification.strip():
        return "Give the justification for declaring this clause not applicable."
    return None
