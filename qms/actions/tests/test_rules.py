"""The pure rules of the action tracker."""

from __future__ import annotations

from typing import Any

import pytest

from qms.actions import rules


@pytest.mark.parametrize(
    ("is_member", "is_active", "may_complete", "expected"),
    [
        (True, True, True, None),
        (False, True, True, "member"),
        (True, False, True, "deactivated"),
        (True, True, False, "only reads"),
    ],
)
def test_owner_problem(
    is_member: bool, is_active: bool, may_complete: bool, expected: str | None
) -> None:
    problem = rules.owner_problem(
        is_member=is_member, is_active=is_active, may_complete=may_complete
    )
    assert (problem is None) if expected is None else (expected in (problem or ""))


def test_kind_change_problem() -> None:
    assert rules.kind_change_problem(has_origin=False, old="action", new="improvement") is None
    assert rules.kind_change_problem(has_origin=True, old="corrective", new="corrective") is None
    assert rules.kind_change_problem(has_origin=True, old="corrective", new="action")


def test_my_actions_sends_visitors_to_log_in_and_strangers_to_the_no_organization_page(
    client_for: Any, stranger: Any
) -> None:
    assert client_for(None).get("/actions/mine/").status_code == 302
    assert client_for(stranger).get("/actions/mine/").status_code == 403
