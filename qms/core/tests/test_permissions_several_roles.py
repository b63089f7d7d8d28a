"""A member holding several roles (`Membership.additional_roles`) may do what any of them
may: the union of their grants, where a grant on every object wins over a conditional one
and two conditions combine with OR, for querysets (`for_user`) and single objects alike."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from qms.accounts.models import Membership, User
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core import dashboard
from qms.core.dashboard import DashboardPage, pages_for, register_dashboard_page
from qms.core.navigation import menu_for
from qms.core.permissions import (
    Condition,
    MemberRoles,
    Role,
    any_of,
    as_roles,
    has_object_perm,
    has_perm,
    owner_is,
    register_permissions,
    registered_permissions,
    role_grant,
    role_has_perm,
    role_in,
    role_permissions,
    roles_in,
    unregister_permissions,
)
from qms.core.querysets import forget_roles, organizations_with_perm, user_roles
from qms.core.workflow import may_transition, workflow_for
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

# A condition that does not depend on the user: processes whose code starts with "Q-".
QUALITY_CODES = Condition(
    name="code_starts_with(Q-)",
    q=lambda user: Q(code__startswith="Q-"),
    check=lambda user, obj: obj.code.startswith("Q-"),
)
INSPECT = "organizations.inspect_process"


def _member(organization: Organization, role: str, *more: str, email: str) -> User:
    membership = MembershipFactory(
        organization=organization,
        role=role,
        additional_roles=list(more),
        user=UserFactory(email=email),
    )
    return User.objects.get(pk=membership.user_id)  # fresh: no cached roles


@pytest.fixture
def scratch_registry():
    """Registrations made in a test are removed afterwards (the registry is process-wide)."""
    rows = registered_permissions()
    yield
    for label in set(registered_permissions()) - set(rows):
        unregister_permissions(label)
    for label, row in rows.items():
        unregister_permissions(label)
        register_permissions(label, row)


@pytest.fixture
def inspect(scratch_registry):
    """ "inspect" on processes: a process owner on their own, an auditor on the quality
    processes, an employee on every process."""
    register_permissions(
        "organizations.process",
        {
            "inspect": {
                Role.PROCESS_OWNER: owner_is("owner"),
                Role.INTERNAL_AUDITOR: QUALITY_CODES,
                Role.EMPLOYEE: None,
            }
        },
    )


@pytest.fixture
def processes(organization, quality_manager):
    return {
        "own": None,  # filled per test: owned by the member under test
        "quality": ProcessFactory(organization=organization, code="Q-01"),
        "theirs": ProcessFactory(organization=organization, code="P-02", owner=quality_manager),
    }


# --- The registry: role sets ---------------------------------------------------------------


def test_a_role_value_a_set_and_member_roles_are_all_accepted():
    # then a plain role string still works, and sets of one role answer the same
    assert as_roles(None) == frozenset()
    assert as_roles(Role.OWNER) == {"owner"}
    assert as_roles([Role.OWNER, "viewer"]) == {"owner", "viewer"}
    assert role_permissions(Role.VIEWER) == role_permissions({Role.VIEWER})
    assert role_permissions(MemberRoles(Role.VIEWER)) == role_permissions(Role.VIEWER)
    assert not role_has_perm(frozenset(), "organizations.view_site")


def test_member_roles_remember_the_primary_role_and_equal_the_plain_set():
    # when
    roles = MemberRoles(Role.EMPLOYEE, [Role.INTERNAL_AUDITOR])
    # then
    assert roles.primary == Role.EMPLOYEE
    assert roles == {Role.EMPLOYEE, Role.INTERNAL_AUDITOR}
    assert hash(roles) == hash(frozenset({"employee", "internal_auditor"}))
    assert Membership(role=Role.EMPLOYEE, additional_roles=["internal_auditor"]).roles == roles


def test_the_permissions_of_several_roles_are_the_union_of_theirs():
    # when
    both = role_permissions({Role.EMPLOYEE, Role.INTERNAL_AUDITOR})
    # then
    assert both == role_permissions(Role.EMPLOYEE) | role_permissions(Role.INTERNAL_AUDITOR)
    assert role_has_perm({Role.EMPLOYEE, Role.INTERNAL_AUDITOR}, "core.view_auditevent")
    assert not role_has_perm(Role.EMPLOYEE, "core.view_auditevent")
    assert role_has_perm({Role.EMPLOYEE, Role.VIEWER}, "organizations.export_site")


def test_a_grant_on_every_object_wins_over_a_conditional_one():
    # given: a process owner changes the processes they own; a quality manager every one
    assert role_grant(Role.PROCESS_OWNER, "organizations.change_process")[1] is not None
    # then
    assert role_grant(
        {Role.PROCESS_OWNER, Role.QUALITY_MANAGER}, "organizations.change_process"
    ) == (
        True,
        None,
    )
    # and a role that lacks the permission adds nothing to it
    granted, condition = role_grant(
        {Role.PROCESS_OWNER, Role.VIEWER}, "organizations.change_process"
    )
    assert granted and str(condition) == "owner_is(owner)"


def test_two_conditions_combine_with_or(inspect):
    # when
    granted, condition = role_grant({Role.PROCESS_OWNER, Role.INTERNAL_AUDITOR}, INSPECT)
    # then the name says so, whatever the order of the roles
    assert granted
    assert str(condition) == "any_of(code_starts_with(Q-), owner_is(owner))"
    assert str(role_grant([Role.INTERNAL_AUDITOR, Role.PROCESS_OWNER], INSPECT)[1]) == str(
        condition
    )


def test_any_of_one_condition_is_that_condition_and_names_count_once():
    # given
    owned = owner_is("owner")
    # then
    assert any_of(owned) is owned
    assert any_of(owned, owner_is("owner")) is owned
    with pytest.raises(ValueError, match="at least one"):
        any_of()


def test_the_union_is_cached_per_role_set_and_rebuilt_after_a_registration(scratch_registry):
    # given
    from qms.core import permissions

    roles = frozenset({Role.EMPLOYEE, Role.INTERNAL_AUDITOR})
    role_permissions(roles)
    first = permissions._UNIONS[roles]
    # when asked again, with another object holding the same roles
    role_permissions(MemberRoles(Role.INTERNAL_AUDITOR, [Role.EMPLOYEE]))
    # then the union was built once
    assert permissions._UNIONS[roles] is first
    # when an app registers a row, then the next question sees it
    register_permissions("organizations.site", {"inspect": {Role.INTERNAL_AUDITOR}})
    assert roles not in permissions._UNIONS
    assert role_has_perm(roles, "organizations.inspect_site")


# --- Objects and querysets agree -----------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((Role.PROCESS_OWNER,), {"own"}),
        ((Role.INTERNAL_AUDITOR,), {"quality"}),
        ((Role.PROCESS_OWNER, Role.INTERNAL_AUDITOR), {"own", "quality"}),
        ((Role.INTERNAL_AUDITOR, Role.PROCESS_OWNER), {"own", "quality"}),
        ((Role.PROCESS_OWNER, Role.EMPLOYEE), {"own", "quality", "theirs"}),
        ((Role.VIEWER,), set()),
    ],
)
def test_a_member_may_inspect_what_any_of_their_roles_may(
    inspect, processes, organization, roles, expected
):
    # given a member with these roles (the first primary) owning one process
    person = _member(organization, *roles, email="several@acme.test")
    processes["own"] = ProcessFactory(organization=organization, code="P-01", owner=person)
    # when
    rows = set(Process.objects.for_user(person, "inspect", organization=organization))
    # then the queryset is narrowed to the union, and each object's answer agrees with it
    assert rows == {processes[name] for name in expected}
    for name, process in processes.items():
        allowed = has_object_perm(person, process, "inspect", organization=organization)
        assert allowed is (name in expected), name


def test_a_process_owner_who_is_also_quality_manager_changes_every_process(processes, organization):
    # given
    person = _member(organization, Role.PROCESS_OWNER, Role.QUALITY_MANAGER, email="both@acme.test")
    processes["own"] = ProcessFactory(organization=organization, owner=person)
    # then
    changeable = set(Process.objects.for_user(person, "change", organization=organization))
    assert changeable == set(processes.values())


def test_another_organizations_objects_stay_out_of_reach_whatever_the_roles(
    organization, other_organization
):
    # given a member holding every role here
    person = _member(organization, Role.OWNER, *(set(Role) - {Role.OWNER}), email="all@acme.test")
    theirs = SiteFactory(organization=other_organization)
    # then
    assert list(Site.objects.for_user(person, organization=other_organization)) == []
    assert not has_object_perm(person, theirs, "view", organization=other_organization)
    assert not has_object_perm(person, theirs, "view", organization=organization)


def test_the_role_helpers_answer_for_every_role_of_the_member(organization, other_organization):
    # given
    person = _member(organization, Role.EMPLOYEE, Role.INTERNAL_AUDITOR, email="e@acme.test")
    membership = person.memberships.get()
    # then
    assert roles_in(person, organization) == {Role.EMPLOYEE, Role.INTERNAL_AUDITOR}
    assert roles_in(person, other_organization) == frozenset()
    assert role_in(person, organization) == Role.EMPLOYEE  # the primary role, as before
    assert role_in(person, other_organization) is None
    assert has_perm(membership, "core.view_auditevent")
    assert has_perm(person, "core.view_auditevent", organization=organization)
    assert organizations_with_perm(person, "core.view_auditevent") == [organization.pk]


def test_a_workflow_step_is_open_through_any_role(organization):
    # given an auditor who also owns processes, and two draft processes
    person = _member(organization, Role.INTERNAL_AUDITOR, Role.PROCESS_OWNER, email="a@acme.test")
    own = ProcessFactory(organization=organization, owner=person)
    other = ProcessFactory(organization=organization)
    activate = workflow_for(Process).transition("activate")
    # then the process owner role lets them activate their own, and only that
    assert may_transition(user=person, obj=own, transition=activate)
    assert not may_transition(user=person, obj=other, transition=activate)
    auditor = _member(organization, Role.INTERNAL_AUDITOR, email="auditor@acme.test")
    assert not may_transition(user=auditor, obj=own, transition=activate)


# --- Menu, dashboard, pages and the API -------------------------------------------------------


def _labels(roles: Any) -> set[str]:
    return {link.label for section in menu_for(roles, "/") for link in section.links}


def test_the_menu_offers_what_any_of_the_roles_may_open(db):
    # when
    both = _labels(MemberRoles(Role.EMPLOYEE, [Role.INTERNAL_AUDITOR]))
    # then
    assert both == _labels(Role.EMPLOYEE) | _labels(Role.INTERNAL_AUDITOR)
    assert both != _labels(Role.EMPLOYEE)
    assert _labels(None) == _labels(frozenset())


def test_a_dashboard_page_opens_to_a_member_through_an_additional_role(monkeypatch):
    # given a page for those who read the audit trail
    monkeypatch.setattr(dashboard, "_PAGES", {})
    page = register_dashboard_page(
        DashboardPage(slug="audit-trail", title="Audit trail", permission="core.view_auditevent")
    )

    def request(role: str, *more: str) -> Any:
        return SimpleNamespace(membership=Membership(role=role, additional_roles=list(more)))

    # then
    assert pages_for(request(Role.EMPLOYEE)) == []
    assert pages_for(request(Role.EMPLOYEE, Role.INTERNAL_AUDITOR)) == [page]
    assert pages_for(SimpleNamespace(membership=None)) == []


def test_an_additional_role_opens_pages(client_for, organization):
    # given an employee who is also a viewer (viewers may export sites; employees not)
    SiteFactory(organization=organization, name="Sheffield works")
    employee = _member(organization, Role.EMPLOYEE, email="employee@acme.test")
    both = _member(organization, Role.EMPLOYEE, Role.VIEWER, email="both@acme.test")
    # when
    refused = client_for(employee).get("/organization/sites/?export=csv")
    allowed = client_for(both).get("/organization/sites/?export=csv")
    # then
    assert refused.status_code == 403
    assert allowed.status_code == 200


def test_an_additional_role_opens_api_routes_to_a_token(api_client_for, organization):
    # given an employee who is also an internal auditor (auditors may list the members)
    employee = _member(organization, Role.EMPLOYEE, email="employee@acme.test")
    both = _member(organization, Role.EMPLOYEE, Role.INTERNAL_AUDITOR, email="both@acme.test")
    # then
    assert api_client_for(employee).get("/api/v1/accounts/members/").status_code == 403
    assert api_client_for(both).get("/api/v1/accounts/members/").status_code == 200


def _membership_queries(context: CaptureQueriesContext) -> list[str]:
    """The queries reading memberships themselves (not a join through them)."""
    return [q["sql"] for q in context.captured_queries if 'FROM "accounts_membership"' in q["sql"]]


def test_a_page_costs_one_membership_query_whatever_the_roles(client_for, organization):
    # given a member with three roles and a few processes
    person = _member(
        organization,
        Role.PROCESS_OWNER,
        Role.INTERNAL_AUDITOR,
        Role.VIEWER,
        email="three@acme.test",
    )
    for code in ("P-01", "Q-02", "P-03"):
        ProcessFactory(organization=organization, code=code, owner=person)
    client = client_for(person)
    # when a list page (many scoped reads, the menu, several permission checks) is served
    with CaptureQueriesContext(connection) as context:
        response = client.get("/organization/processes/")
    # then the memberships were read once, with every role
    assert response.status_code == 200
    assert len(_membership_queries(context)) == 1, _membership_queries(context)


def test_an_api_request_costs_one_membership_read_whatever_the_roles(api_client_for, organization):
    # given
    person = _member(
        organization, Role.EMPLOYEE, Role.INTERNAL_AUDITOR, Role.VIEWER, email="t@acme.test"
    )
    client = api_client_for(person)
    SiteFactory(organization=organization)
    # when
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/organizations/sites/")
    # then the token's query carried the membership and its roles; nothing read them again
    assert response.status_code == 200
    assert len(_membership_queries(context)) == 1, _membership_queries(context)


def test_the_role_cache_holds_every_role_and_is_forgotten_on_demand(organization):
    # given
    person = _member(organization, Role.EMPLOYEE, Role.VIEWER, email="c@acme.test")
    assert user_roles(person)[organization.pk] == {Role.EMPLOYEE, Role.VIEWER}
    Membership.objects.filter(user=person).update(additional_roles=[Role.INTERNAL_AUDITOR])
    # when
    forget_roles(person)
    # then
    roles = user_roles(person)[organization.pk]
    assert roles == {Role.EMPLOYEE, Role.INTERNAL_AUDITOR}
    assert roles.primary == Role.EMPLOYEE
