"""The permission registry (core/permissions.py): each app registers its rows of the role
matrix, roles can be added, grants can carry object-level conditions; and the tenant entry
point `Model.objects.for_user()` (core/querysets.py) that reads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from rest_framework.decorators import action as api_action
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from qms.accounts.models import Membership, User
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.api.viewsets import TenantReadOnlyViewSet
from qms.core.audit import AuditEvent
from qms.core.permissions import (
    ALL_ROLES,
    Role,
    has_object_perm,
    has_perm,
    not_author,
    owner_is,
    perm_name,
    register_permissions,
    register_role,
    registered_permissions,
    role_choices,
    role_grant,
    role_has_perm,
    role_permissions,
    roles_with_perm,
    unregister_permissions,
)
from qms.core.querysets import forget_roles, organizations_with_perm, user_roles
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import OrganizationFactory, ProcessFactory, SiteFactory

WRITE_ACTIONS = ("add", "change", "delete")

# --- The registry ------------------------------------------------------------------------


def test_every_registered_row_names_a_real_model_a_verb_and_known_roles():
    # then
    known = {value for value, _label in role_choices()}
    for label, actions in registered_permissions().items():
        assert apps.get_model(label)._meta.label_lower == label
        for action, grants in actions.items():
            assert action.isidentifier() and action == action.lower(), (label, action)
            assert set(grants) <= known, label


def test_each_app_registers_its_own_rows():
    # when
    registry = registered_permissions()
    # then core holds only its own models (the shared machinery); the domain rows come
    # from their apps
    core_rows = {label for label in registry if label.startswith("core.")}
    assert core_rows <= {"core.auditevent", "core.signature", "core.attachment", "core.importrun"}
    assert {"organizations.site", "organizations.process", "accounts.membership"} <= set(registry)


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
    for label in registered_permissions():
        for action in WRITE_ACTIONS:
            assert not role_has_perm(Role.VIEWER, perm_name(label, action))


def test_an_employee_reads_sites_but_may_not_export_them():
    # then
    assert role_has_perm(Role.EMPLOYEE, "organizations.view_site")
    assert not role_has_perm(Role.EMPLOYEE, "organizations.export_site")
    assert role_has_perm(Role.VIEWER, "organizations.export_site")


def test_sites_are_written_by_the_owner_and_the_quality_manager_only():
    # then
    for action in WRITE_ACTIONS:
        assert roles_with_perm(f"organizations.{action}_site") == {
            Role.OWNER,
            Role.QUALITY_MANAGER,
        }


def test_a_process_owner_may_change_and_activate_only_the_processes_they_own():
    # when
    change = role_grant(Role.PROCESS_OWNER, "organizations.change_process")
    activate = role_grant(Role.PROCESS_OWNER, "organizations.activate_process")
    # then the grant exists, under the ownership condition; managers hold it unconditionally
    assert change[0] and str(change[1]) == "owner_is(owner)"
    assert activate[0] and str(activate[1]) == "owner_is(owner)"
    assert role_grant(Role.QUALITY_MANAGER, "organizations.change_process") == (True, None)
    assert not role_has_perm(Role.PROCESS_OWNER, "organizations.add_process")
    assert not role_has_perm(Role.PROCESS_OWNER, "organizations.delete_process")
    assert roles_with_perm("organizations.retire_process") == {Role.OWNER, Role.QUALITY_MANAGER}


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


def test_role_permissions_lists_exactly_the_registered_grants_of_the_role():
    # given
    expected = {
        perm_name(label, action)
        for label, actions in registered_permissions().items()
        for action, grants in actions.items()
        if Role.QUALITY_MANAGER in grants
    }
    # then
    assert role_permissions(Role.QUALITY_MANAGER) == expected


def test_an_unknown_role_holds_nothing():
    # then
    assert role_permissions("janitor") == frozenset()
    assert not role_has_perm("janitor", "organizations.view_site")
    assert not role_has_perm(None, "organizations.view_site")


@pytest.fixture
def scratch_registry():
    """Registrations made in a test are removed afterwards (the registry is process-wide)."""
    from qms.core import permissions

    roles = dict(permissions._EXTRA_ROLES)
    rows = registered_permissions()
    yield
    permissions._EXTRA_ROLES.clear()
    permissions._EXTRA_ROLES.update(roles)
    for label in set(registered_permissions()) - set(rows):
        unregister_permissions(label)
    for label, row in rows.items():
        unregister_permissions(label)
        register_permissions(label, row)


def test_a_later_app_registers_a_role_and_grants_it_without_editing_core(scratch_registry):
    # when a certification app adds a role and its rows
    register_role("lead_auditor", "Lead auditor")
    register_permissions("organizations.site", {"inspect": {"lead_auditor"}})
    # then the role is a choice of memberships and holds exactly what it was granted
    assert ("lead_auditor", "Lead auditor") in role_choices()
    assert Membership._meta.get_field("role").choices == role_choices()
    assert role_permissions("lead_auditor") == {"organizations.inspect_site"}
    assert Role.OWNER not in roles_with_perm("organizations.inspect_site")


def test_a_registered_role_can_be_given_to_a_member_through_the_api(
    scratch_registry, api_client_for, owner, employee, organization
):
    # given a role registered by a later app, granted to read sites only
    register_role("lead_auditor", "Lead auditor")
    register_permissions("organizations.site", {"inspect": {"lead_auditor"}})
    membership = employee.memberships.get()
    # when the owner gives it to a member, and the member lists the members by role
    response = api_client_for(owner).patch(
        f"/api/v1/accounts/members/{membership.pk}/", {"role": "lead_auditor"}, format="json"
    )
    listed = api_client_for(owner).get("/api/v1/accounts/members/", {"role": "lead_auditor"})
    # then the role is stored, filterable, and decides what the member may do
    assert response.status_code == 200, response.content
    membership.refresh_from_db()
    assert membership.role == "lead_auditor"
    assert [row["id"] for row in listed.json()["results"]] == [membership.pk]
    assert has_perm(membership, "organizations.inspect_site")
    assert not has_perm(membership, "organizations.view_site")


def test_registering_a_role_twice_or_with_a_bad_name_is_refused(scratch_registry):
    # then
    with pytest.raises(ValueError, match="twice"):
        register_role(Role.OWNER, "Owner again")
    with pytest.raises(ValueError, match="lower-case"):
        register_role("Lead Auditor", "Lead auditor")


def test_a_registration_naming_an_unknown_role_or_a_bad_action_is_refused(scratch_registry):
    # then
    with pytest.raises(ValueError, match="unknown roles"):
        register_permissions("organizations.site", {"inspect": {"janitor"}})
    with pytest.raises(ValueError, match="lower-case verb"):
        register_permissions("organizations.site", {"Inspect": {Role.OWNER}})
    with pytest.raises(ValueError, match=r"app_label\.modelname"):
        register_permissions("Site", {"view": ALL_ROLES})


def test_granting_the_same_action_to_the_same_role_differently_is_refused(scratch_registry):
    # then: a second, different declaration is a mistake, never a silent override
    with pytest.raises(ValueError, match="granted twice, differently"):
        register_permissions("organizations.site", {"view": {Role.VIEWER: owner_is("owner")}})
    with pytest.raises(ValueError, match="granted twice, differently"):
        register_permissions("organizations.process", {"change": {Role.PROCESS_OWNER}})


def test_running_the_apps_registrations_again_changes_nothing(scratch_registry):
    # given
    from qms.organizations import permissions as organization_permissions

    before = {
        label: {
            action: {role: str(c) for role, c in grants.items()} for action, grants in row.items()
        }
        for label, row in registered_permissions().items()
    }
    # when an app's ready() runs a second time (e.g. a test that reloads the app registry)
    organization_permissions.register()
    register_role("lead_auditor", "Lead auditor")
    register_role("lead_auditor", "Lead auditor")
    # then the registry is as it was
    after = {
        label: {
            action: {role: str(c) for role, c in grants.items()} for action, grants in row.items()
        }
        for label, row in registered_permissions().items()
    }
    assert after == before


# --- Conditions: one object and the queryset agree ------------------------------------------


@pytest.fixture
def processes(organization, process_owner, quality_manager):
    """One process owned by the process owner, one by the quality manager, one unowned."""
    return {
        "own": ProcessFactory(organization=organization, owner=process_owner),
        "theirs": ProcessFactory(organization=organization, owner=quality_manager),
        "unowned": ProcessFactory(organization=organization, owner=None),
    }


def test_a_process_owner_may_change_the_processes_they_own_and_no_other(
    processes, process_owner, organization
):
    # when
    changeable = set(Process.objects.for_user(process_owner, "change", organization=organization))
    # then the queryset and the per-object answer agree
    assert changeable == {processes["own"]}
    for name, process in processes.items():
        allowed = has_object_perm(process_owner, process, "change", organization=organization)
        assert allowed is (name == "own"), name


def test_a_manager_may_change_every_process_of_the_organization(
    processes, quality_manager, organization
):
    # then
    changeable = Process.objects.for_user(quality_manager, "change", organization=organization)
    assert set(changeable) == set(processes.values())
    assert all(
        has_object_perm(quality_manager, p, "change", organization=organization)
        for p in processes.values()
    )


def test_no_object_of_another_organization_is_permitted(
    processes, quality_manager, other_organization
):
    # given
    theirs = ProcessFactory(organization=other_organization)
    # then: acting in our organization, or claiming theirs, is refused either way
    assert not has_object_perm(quality_manager, theirs, "view", organization=theirs.organization)
    own = processes["own"]
    assert not has_object_perm(quality_manager, own, "view", organization=other_organization)
    assert not has_object_perm(quality_manager, own, "view", organization=None)


@pytest.fixture
def separation_of_duties(scratch_registry):
    """Process activation as a document approval would be declared: the quality manager
    approves, but not what they authored (the process's owner stands for the author)."""
    row = unregister_permissions("organizations.process") or {}
    row["activate"] = {Role.QUALITY_MANAGER: not_author("owner")}
    register_permissions("organizations.process", row)


def test_an_approver_may_not_approve_what_they_authored(
    separation_of_duties, processes, quality_manager, organization
):
    # when
    allowed = Process.objects.for_user(quality_manager, "activate", organization=organization)
    # then everything but their own work, unowned included; per object the same
    assert set(allowed) == {processes["own"], processes["unowned"]}
    assert not has_object_perm(
        quality_manager, processes["theirs"], "activate", organization=organization
    )
    assert has_object_perm(quality_manager, processes["own"], "activate", organization=organization)


def test_conditions_are_named_for_messages_and_reviews():
    # then
    assert str(owner_is("owner")) == "owner_is(owner)"
    assert str(not_author("author")) == "not_author(author)"


def test_has_perm_answers_for_a_membership_or_for_a_user_in_an_organization(
    process_owner, organization, other_organization
):
    # given
    membership = process_owner.memberships.get()
    # then
    assert has_perm(membership, "organizations.change_process")
    assert has_perm(process_owner, "organizations.change_process", organization=organization)
    assert not has_perm(
        process_owner, "organizations.change_process", organization=other_organization
    )
    assert not has_perm(process_owner, "organizations.change_process")
    assert not has_perm(None, "organizations.view_site")


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


def test_for_user_requires_the_organization(two_tenants):
    # then: a read across every organization of the user cannot be written by accident
    with pytest.raises(TypeError):
        Site.objects.for_user(two_tenants["person"], "view")


def test_for_user_returns_the_organizations_rows_the_role_lets_the_user_act_on(two_tenants):
    # given
    person, acme, northwind = two_tenants["person"], two_tenants["acme"], two_tenants["northwind"]
    # then
    assert list(Site.objects.for_user(person, organization=northwind)) == [
        two_tenants["northwind_site"]
    ]
    assert list(Site.objects.for_user(person, organization=acme.pk)) == [two_tenants["acme_site"]]
    assert list(Site.objects.for_user(person, "change", organization=acme)) == [
        two_tenants["acme_site"]
    ]
    # the viewer role in Northwind does not grant change
    assert list(Site.objects.for_user(person, "change", organization=northwind)) == []


def test_for_user_gives_nothing_in_an_organization_the_user_is_not_in(two_tenants):
    # given
    elsewhere = two_tenants["elsewhere_site"].organization
    # then
    assert list(Site.objects.for_user(two_tenants["person"], organization=elsewhere)) == []
    assert list(Site.objects.for_user(two_tenants["person"], organization=None)) == []


def test_for_user_gives_nothing_to_anonymous_users_strangers_and_nobody(stranger, organization):
    # given
    SiteFactory(organization=organization)
    # then
    for user in (AnonymousUser(), stranger, None):
        assert list(Site.objects.for_user(user, organization=organization)) == []


def test_for_user_costs_one_membership_query_per_user_object(
    two_tenants, django_assert_num_queries
):
    # given a user object fresh from the database, as a request would have
    person, acme = two_tenants["person"], two_tenants["acme"]
    # when any number of scoped querysets are built for it
    with django_assert_num_queries(1):
        for _ in range(5):
            Site.objects.for_user(person, "view", organization=acme)
            Process.objects.for_user(person, "change", organization=acme)
            Membership.objects.for_user(person, "view", organization=acme)
            AuditEvent.objects.for_user(person, "export", organization=acme)
    # then later reads cost one query each and no membership query
    with django_assert_num_queries(1):
        assert len(Site.objects.for_user(person, organization=acme)) == 1


def test_forgetting_the_roles_reloads_them_after_a_membership_change(two_tenants):
    # given
    person, northwind = two_tenants["person"], two_tenants["northwind"]
    assert user_roles(person)[northwind.pk] == {Role.VIEWER}
    Membership.objects.filter(user=person, organization=northwind).update(role=Role.OWNER)
    # when
    forget_roles(person)
    # then
    assert user_roles(person)[northwind.pk] == {Role.OWNER}
    assert user_roles(person)[northwind.pk].primary == Role.OWNER
    assert organizations_with_perm(person, "organizations.change_organization") == [northwind.pk]


# --- The registry seen through the pages and the API ----------------------------------------


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


def test_a_process_owner_edits_their_own_process_page_and_gets_403_on_anothers(
    client_for, processes, process_owner
):
    # given
    client = client_for(process_owner)
    # when
    own = client.get(f"/organization/processes/{processes['own'].pk}/edit/")
    other = client.get(f"/organization/processes/{processes['theirs'].pk}/edit/")
    detail = client.get(f"/organization/processes/{processes['theirs'].pk}/")
    # then the other process is visible (200 on its page) but not editable (403, not 404)
    assert own.status_code == 200
    assert other.status_code == 403
    assert detail.status_code == 200
    assert f"/organization/processes/{processes['theirs'].pk}/edit/".encode() not in detail.content


def test_a_process_owner_patches_their_own_process_in_the_api_and_gets_403_on_anothers(
    api_client_for, processes, process_owner
):
    # given
    api = api_client_for(process_owner)
    url = "/api/v1/organizations/processes/{}/"
    # when
    own = api.patch(url.format(processes["own"].pk), {"purpose": "Mine"}, format="json")
    other = api.patch(url.format(processes["theirs"].pk), {"purpose": "Taken"}, format="json")
    # then
    assert own.status_code == 200, own.content
    assert other.status_code == 403
    body = other.json()
    assert body["status"] == 403
    assert "message" in body
    processes["theirs"].refresh_from_db()
    assert processes["theirs"].purpose != "Taken"


# --- Fail closed at run time: API views that do not say what they need ----------------------


def _call(view: Any, user: Any, method: str = "post") -> Any:
    """One API request to a throwaway view, as the tenant middleware would set it up."""
    request = getattr(APIRequestFactory(), method)("/throwaway/", {}, format="json")
    membership = user.memberships.select_related("organization").get()
    request.membership = membership
    request.organization = membership.organization
    force_authenticate(request, user=user)
    return view(request)


class _ThrowawayViewSet(TenantReadOnlyViewSet):
    queryset = Site.objects.none()

    @api_action(detail=False, methods=["post"])
    def undeclared(self, request: Any) -> Response:
        return Response({"done": True})

    @api_action(detail=False, methods=["post"], permission_action="change")
    def declared(self, request: Any) -> Response:
        return Response({"done": True})


def _action_view(name: str) -> Any:
    extra = getattr(_ThrowawayViewSet, name)
    return _ThrowawayViewSet.as_view({"post": name}, **extra.kwargs)


def test_an_action_without_a_permission_action_is_refused_even_to_the_owner(owner):
    # when
    response = _call(_action_view("undeclared"), owner)
    # then
    assert response.status_code == 403


def test_an_action_with_a_permission_action_is_decided_by_the_registry(owner, viewer):
    # when
    allowed = _call(_action_view("declared"), owner)
    refused = _call(_action_view("declared"), viewer)
    # then
    assert allowed.status_code == 200
    assert refused.status_code == 403


class _PostView(APIView):
    queryset = Site.objects.none()

    def post(self, request: Any) -> Response:
        return Response({"done": True})


class _DeclaredPostView(_PostView):
    permission_action = "add"


def test_a_post_no_longer_means_add_unless_the_view_says_so(owner):
    # when the owner, who may add sites, posts to a view that does not name its action
    undeclared = _call(_PostView.as_view(), owner)
    declared = _call(_DeclaredPostView.as_view(), owner)
    # then only the declared one is allowed
    assert undeclared.status_code == 403
    assert declared.status_code == 200


class _NoModelView(APIView):
    def get(self, request: Any) -> Response:
        return Response({"secret": "tenant data"})


class _ExemptView(_NoModelView):
    tenant_permission_exempt = "reads nothing of the tenant"


def test_a_view_without_a_model_is_refused_unless_it_says_why(owner):
    # then
    assert _call(_NoModelView.as_view(), owner, "get").status_code == 403
    assert _call(_ExemptView.as_view(), owner, "get").status_code == 200
