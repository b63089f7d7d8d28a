"""The one role → permission matrix (core/permissions.py) and the tenant entry point
`Model.objects.for_user()` (core/querysets.py) that reads it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from qms.accounts.models import Membership, User
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.audit import AuditEvent
from qms.core.permissions import (
    MATRIX,
    Action,
    Role,
    perm_name,
    role_has_perm,
    role_permissions,
    roles_with_perm,
)
from qms.core.querysets import forget_roles, organizations_with_perm, user_roles
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import OrganizationFactory, ProcessFactory, SiteFactory

WRITE_ACTIONS = ("add", "change", "delete")

# --- The matrix -------------------------------------------------------------------------


def test_every_row_of_the_matrix_names_a_real_model_and_a_known_action():
    # then
    for label, actions in MATRIX.items():
        assert apps.get_model(label)._meta.label_lower == label
        assert set(actions) <= set(Action.values), label
        for roles in actions.values():
            assert set(roles) <= set(Role), label


def test_a_permission_name_follows_django():
    # then
    assert perm_name(Site, "view") == "organizations.view_site"
    assert perm_name(AuditEvent, "export") == "core.export_auditevent"
    assert perm_name("accounts.membership", "change") == "accounts.change_membership"


def test_the_owner_may_change_the_organization_and_nobody_else_may():
    # then
    assert role_has_perm(Role.OWNER, "organizations.change_organization")
    assert roles_with_perm("organizations.change_organization") == {Role.OWNER}


def test_every_role_may_view_the_organization_its_sites_and_processes():
    # then
    for model in (Organization, Site, Process):
        assert roles_with_perm(perm_name(model, "view")) == set(Role)


def test_a_viewer_may_add_change_or_delete_nothing():
    # when
    permissions = role_permissions(Role.VIEWER)
    # then
    assert permissions, "a viewer reads"
    writes = {p for p in permissions if p.split(".")[1].split("_")[0] in WRITE_ACTIONS}
    assert writes == set()
    for label in MATRIX:
        for action in WRITE_ACTIONS:
            assert not role_has_perm(Role.VIEWER, perm_name(label, action))


def test_an_employee_reads_sites_but_may_not_export_them():
    # then
    assert role_has_perm(Role.EMPLOYEE, "organizations.view_site")
    assert not role_has_perm(Role.EMPLOYEE, "organizations.export_site")
    assert role_has_perm(Role.VIEWER, "organizations.export_site")
    assert Role.EMPLOYEE not in roles_with_perm("organizations.export_site")


def test_sites_are_written_by_the_owner_and_the_quality_manager_only():
    # then
    for action in WRITE_ACTIONS:
        assert roles_with_perm(f"organizations.{action}_site") == {
            Role.OWNER,
            Role.QUALITY_MANAGER,
        }


def test_a_process_owner_may_change_processes_but_not_add_or_delete_them():
    # then
    assert role_has_perm(Role.PROCESS_OWNER, "organizations.change_process")
    assert not role_has_perm(Role.PROCESS_OWNER, "organizations.add_process")
    assert not role_has_perm(Role.PROCESS_OWNER, "organizations.delete_process")


def test_the_audit_log_is_read_by_owner_quality_manager_and_internal_auditor():
    # then
    readers = {Role.OWNER, Role.QUALITY_MANAGER, Role.INTERNAL_AUDITOR}
    assert roles_with_perm("core.view_auditevent") == readers
    assert roles_with_perm("core.export_auditevent") == readers
    for action in WRITE_ACTIONS:
        assert roles_with_perm(f"core.{action}_auditevent") == set()


def test_only_the_owner_manages_members_and_invitations():
    # then
    for perm in (
        "accounts.change_membership",
        "accounts.delete_membership",
        "accounts.add_invitation",
        "accounts.delete_invitation",
    ):
        assert roles_with_perm(perm) == {Role.OWNER}, perm


def test_role_permissions_lists_exactly_the_matrix_rows_of_the_role():
    # given
    expected = {
        perm_name(label, action)
        for label, actions in MATRIX.items()
        for action, roles in actions.items()
        if Role.QUALITY_MANAGER in roles
    }
    # then
    assert role_permissions(Role.QUALITY_MANAGER) == expected


def test_an_unknown_role_holds_nothing():
    # then
    assert role_permissions("janitor") == frozenset()
    assert not role_has_perm("janitor", "organizations.view_site")


# --- for_user: the one entry point for tenant reads ----------------------------------------


@pytest.fixture
def two_tenants(db):
    """A person who manages Acme and only views Northwind, with a site in each."""
    acme, northwind = OrganizationFactory(slug="acme"), OrganizationFactory(slug="northwind")
    person = UserFactory(email="both@example.test")
    MembershipFactory(organization=acme, user=person, role=Role.QUALITY_MANAGER)
    MembershipFactory(organization=northwind, user=person, role=Role.VIEWER)
    forget_roles(person)
    return {
        "person": User.objects.get(pk=person.pk),
        "acme": acme,
        "northwind": northwind,
        "acme_site": SiteFactory(organization=acme),
        "northwind_site": SiteFactory(organization=northwind),
        "elsewhere_site": SiteFactory(),
    }


def test_for_user_returns_rows_of_every_organization_the_role_lets_the_user_view(two_tenants):
    # when
    visible = set(Site.objects.for_user(two_tenants["person"], "view"))
    # then
    assert visible == {two_tenants["acme_site"], two_tenants["northwind_site"]}


def test_for_user_returns_only_organizations_where_the_role_grants_the_action(two_tenants):
    # when
    changeable = list(Site.objects.for_user(two_tenants["person"], "change"))
    # then: the viewer role in Northwind does not grant change
    assert changeable == [two_tenants["acme_site"]]


def test_for_user_narrows_to_one_organization_by_object_or_id(two_tenants):
    # given
    person, acme, northwind = two_tenants["person"], two_tenants["acme"], two_tenants["northwind"]
    # then
    assert list(Site.objects.for_user(person, organization=northwind)) == [
        two_tenants["northwind_site"]
    ]
    assert list(Site.objects.for_user(person, organization=acme.pk)) == [two_tenants["acme_site"]]
    assert list(Site.objects.for_user(person, "change", organization=northwind)) == []


def test_for_user_gives_nothing_in_an_organization_the_user_is_not_in(two_tenants):
    # given
    elsewhere = two_tenants["elsewhere_site"].organization
    # then
    assert list(Site.objects.for_user(two_tenants["person"], organization=elsewhere)) == []


@pytest.mark.django_db
def test_for_user_gives_nothing_to_anonymous_users_strangers_and_nobody(stranger):
    # given
    SiteFactory()
    # then
    for user in (AnonymousUser(), stranger, None):
        assert list(Site.objects.for_user(user)) == []


def test_for_user_costs_one_membership_query_per_user_object(
    two_tenants, django_assert_num_queries
):
    # given a user object fresh from the database, as a request would have
    person = two_tenants["person"]
    # when any number of scoped querysets are built for it
    with django_assert_num_queries(1):
        for _ in range(5):
            Site.objects.for_user(person, "view")
            Process.objects.for_user(person, "change")
            Membership.objects.for_user(person, "view", organization=two_tenants["acme"])
            AuditEvent.objects.for_user(person, "export")
    # then later reads cost one query each and no membership query
    with django_assert_num_queries(1):
        assert len(Site.objects.for_user(person)) == 2


def test_forgetting_the_roles_reloads_them_after_a_membership_change(two_tenants):
    # given
    person, northwind = two_tenants["person"], two_tenants["northwind"]
    assert user_roles(person)[northwind.pk] == Role.VIEWER
    Membership.objects.filter(user=person, organization=northwind).update(role=Role.OWNER)
    # when
    forget_roles(person)
    # then
    assert user_roles(person)[northwind.pk] == Role.OWNER
    assert organizations_with_perm(person, "organizations.change_organization") == [northwind.pk]


def test_processes_and_the_audit_log_use_the_same_entry_point(two_tenants):
    # given
    person, acme = two_tenants["person"], two_tenants["acme"]
    process = ProcessFactory(organization=acme)
    ProcessFactory(organization=two_tenants["elsewhere_site"].organization)
    # then
    assert [p.pk for p in Process.objects.for_user(person, "delete")] == [process.pk]
    assert list(AuditEvent.objects.for_user(person, "view")) == []


# --- The matrix seen through the pages ------------------------------------------------------


def test_an_employee_gets_403_exporting_sites_and_a_viewer_gets_the_file(
    client_for, employee, viewer, organization
):
    # given
    SiteFactory(organization=organization, name="Sheffield works")
    # when
    refused = client_for(employee).get("/organization/sites/?export=csv")
    allowed = client_for(viewer).get("/organization/sites/?export=csv")
    # then
    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert "Sheffield works" in b"".join(allowed.streaming_content).decode("utf-8")


def test_a_viewer_cannot_open_the_add_site_page(client_for, viewer, quality_manager):
    # when / then
    assert client_for(viewer).get("/organization/sites/add/").status_code == 403
    assert client_for(quality_manager).get("/organization/sites/add/").status_code == 200
