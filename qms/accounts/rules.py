"""Pure guards for membership and invitation changes. No database access here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qms.core.permissions import Role


def can_change_role(*, current_role: str, new_role: str, owners_left: int) -> str | None:
    """None when allowed, else the reason. An organization always keeps at least one owner."""
    if current_role == Role.OWNER and new_role != Role.OWNER and owners_left <= 1:
        return "An organization needs at least one owner: make someone else owner first."
    return None


def additional_roles_problem(
    *, primary: str, additional: Sequence[object], known: Mapping[str, object]
) -> str | None:
    """None when `additional` is a valid list of further roles beside `primary`, else why
    not: each a known role value (`known`: value → label), none twice, and not the primary
    role again."""
    seen: set[str] = set()
    for value in additional:
        if not isinstance(value, str) or value not in known:
            return f"{value!r} is not a role."
        label = known[value]
        if value == primary:
            return f"{label} is the primary role already; choose only further roles."
        if value in seen:
            return f"{label} is listed twice."
        seen.add(value)
    return None


def can_remove_member(*, role: str, owners_left: int, is_self: bool) -> str | None:
    if role == Role.OWNER and owners_left <= 1:
        return "The last owner cannot be removed: make someone else owner first."
    if is_self:
        return "You cannot remove yourself; ask another owner."
    return None


def is_locked_out(*, failures_in_window: int, limit: int) -> bool:
    return failures_in_window >= limit
