"""The analysis panel's rights for a member holding several roles: any role granted the
step outright suffices; a conditional one needs the member to manage the nonconformity."""

from __future__ import annotations

from decimal import Decimal

from qms.core.permissions import MemberRoles, Role
from qms.nonconformities.analysis.selectors import AnalysisPanel

MANAGER_ID, OTHER_ID = 7, 8


def _panel() -> AnalysisPanel:
    editors = frozenset({Role.OWNER, Role.QUALITY_MANAGER, Role.PROCESS_OWNER})
    return AnalysisPanel(
        nonconformity=None,
        current=None,
        earlier=[],
        eight_d=None,
        dispositions=[],
        dispositioned=Decimal(0),
        is_open=True,
        analysis_editors=editors,
        disposition_adders=editors,
        disposition_voiders=frozenset({Role.OWNER, Role.QUALITY_MANAGER}),
        conditional_roles=frozenset({Role.PROCESS_OWNER}),
        managers_of_nc=frozenset({MANAGER_ID}),
    )


def test_a_single_role_is_answered_as_before() -> None:
    panel = _panel()
    assert panel.may_edit(Role.QUALITY_MANAGER, OTHER_ID)
    assert panel.may_edit(Role.PROCESS_OWNER, MANAGER_ID)
    assert not panel.may_edit(Role.PROCESS_OWNER, OTHER_ID)
    assert not panel.may_edit(Role.EMPLOYEE, MANAGER_ID)
    assert not panel.may_edit(None, MANAGER_ID)


def test_any_role_of_the_member_counts_and_an_outright_grant_wins() -> None:
    panel = _panel()
    # an employee who is also a process owner: through the conditional role only
    roles = MemberRoles(Role.EMPLOYEE, [Role.PROCESS_OWNER])
    assert panel.may_edit(roles, MANAGER_ID)
    assert not panel.may_edit(roles, OTHER_ID)
    assert panel.may_add_disposition(roles, MANAGER_ID)
    assert not panel.may_void_disposition(roles, MANAGER_ID)
    # a process owner who is also quality manager: on every nonconformity
    both = MemberRoles(Role.PROCESS_OWNER, [Role.QUALITY_MANAGER])
    assert panel.may_edit(both, OTHER_ID)
    assert panel.may_void_disposition(both, OTHER_ID)
