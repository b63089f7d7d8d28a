"""Pure rules of the action tracker: no database access, no side effects.

Each returns None when the step may happen, or the reason in words.
"""

from __future__ import annotations


def owner_problem(*, is_member: bool, is_active: bool, may_complete: bool = True) -> str | None:
    """An action is owned by someone who can do it: an active member of its organization
    whose role may complete the actions they own (a viewer only reads)."""
    if not is_member:
        return "The owner must be a member of the organization."
    if not is_active:
        return "The owner's account is deactivated: choose an active member."
    if not may_complete:
        return "The owner's role only reads: choose someone who can carry out the action."
    return None


def kind_change_problem(*, has_origin: bool, old: str, new: str) -> str | None:
    """The kind of an action raised from a record is part of that record's logic (a corrective
    action of a nonconformity stays one): only a free-standing action changes kind."""
    if has_origin and old != new:
        return "The kind of an action raised from another record cannot be changed."
    return None
