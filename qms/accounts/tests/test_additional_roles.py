"""A member's additional roles (issue 17): set by an owner on the member's page or through
the API, validated (known roles, none twice, not the primary role), audited, shown with the
primary role, found by the role filter, and carried by API tokens and `/me`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from qms.accounts import rules, selectors, services
from qms.accounts.models import Membership, User
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.audit import AuditEvent
from qms.core.permissions import Role, role_choices, role_permissions, role_values
from qms.organizations.models import Organization

PAGES = "/accounts/members/"
API = "/api/v1/accounts/members/"
ME = "/api/v1/me/"


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user)


# --- The rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("additional", "problem"),
    [
        ([], None),
        (["internal_auditor", "viewer"], None),
        (["emperor"], "'emperor' is not a role."),
        ([3], "3 is not a role."),
        (["employee"], "Employee is the primary role already; choose only further roles."),
        (["viewer", "viewer"], "Viewer is listed twice."),
    ],
)
def test_additional_roles_are_known_roles_none_twice_and_not_the_primary(
    additional: list[Any], problem: str | None
) -> None:
    # then
    found = rules.additional_roles_problem(
        primary="employee", additional=additional, known=dict(role_choices())
    )
    assert found == problem


# --- The service ---------------------------------------------------------------------------


def test_an_owner_gives_further_roles_in_the_registrys_order_and_it_is_audited(
    owner: User, employee: User
) -> None:
    # when the owner adds two roles, in any order
    membership = services.membership_update(
        actor=owner,
        instance=_membership(employee),
        data={"additional_roles": ["viewer", "internal_auditor"]},
    )

    # then they are stored in the order of the roles, and one event holds before and after
    assert membership.additional_roles == ["internal_auditor", "viewer"]
    assert _membership(employee).roles == {"employee", "internal_auditor", "viewer"}
    event = AuditEvent.objects.get(event_type="membership.role_changed")
    assert event.before == {"additional_roles": []}
    assert event.after == {"additional_roles": ["internal_auditor", "viewer"]}
    assert event.actor == owner

    # when the same roles are sent again in another order, then nothing changes
    services.membership_update(
        actor=owner, instance=membership, data={"additional_roles": ["viewer", "internal_auditor"]}
    )
    assert AuditEvent.objects.filter(event_type="membership.role_changed").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"additional_roles": ["emperor"]}, "additional_roles", "'emperor' is not a role."),
        ({"additional_roles": ["viewer", "viewer"]}, "additional_roles", "listed twice"),
        ({"additional_roles": ["employee"]}, "additional_roles", "is the primary role"),
        (
            {"role": "viewer", "additional_roles": ["viewer"]},
            "additional_roles",
            "is the primary role",
        ),
        ({"additional_roles": "viewer"}, "additional_roles", "as a list of role values"),
        # the primary role becomes one of the additional roles, which are left as they are
        ({"role": "internal_auditor"}, "role", "one of the member's additional roles"),
    ],
)
def test_invalid_additional_roles_are_refused_beside_the_field(
    owner: User, employee: User, data: dict[str, Any], field: str, message: str
) -> None:
    # given an employee who is also an internal auditor
    membership = services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["internal_auditor"]}
    )

    # when the owner sends an invalid combination
    with pytest.raises(ValidationError) as refused:
        services.membership_update(actor=owner, instance=membership, data=data)

    # then it is refused on the field, and nothing changed
    assert message in refused.value.message_dict[field][0]
    stored = _membership(employee)
    assert (stored.role, stored.additional_roles) == ("employee", ["internal_auditor"])


def test_the_primary_role_may_move_to_an_additional_one_in_one_change(
    owner: User, employee: User
) -> None:
    # given an employee who is also an internal auditor
    membership = services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["internal_auditor"]}
    )

    # when the owner swaps the two
    services.membership_update(
        actor=owner,
        instance=membership,
        data={"role": "internal_auditor", "additional_roles": ["employee"]},
    )

    # then
    stored = _membership(employee)
    assert (stored.role, stored.additional_roles) == ("internal_auditor", ["employee"])


def test_an_additional_owner_role_does_not_count_as_an_owner(owner: User, employee: User) -> None:
    # given an employee who also holds the owner role
    services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["owner"]}
    )

    # when the only primary owner steps down, then it is refused: owners count by primary role
    with pytest.raises(ValidationError) as refused:
        services.membership_update(
            actor=owner, instance=_membership(owner), data={"role": "quality_manager"}
        )
    assert "at least one owner" in refused.value.message_dict["role"][0]


def test_a_membership_is_created_with_additional_roles(
    owner: User, organization: Organization
) -> None:
    # when
    person = UserFactory(email="new@acme.test")
    membership = services.membership_create(
        actor=owner,
        organization=organization,
        user=person,
        role=Role.EMPLOYEE,
        additional_roles=["viewer", "process_owner"],
    )

    # then
    assert membership.additional_roles == ["process_owner", "viewer"]
    with pytest.raises(ValidationError):
        services.membership_create(
            actor=owner,
            organization=organization,
            user=UserFactory(email="other@acme.test"),
            role=Role.EMPLOYEE,
            additional_roles=["employee"],
        )


def test_the_members_holding_a_role_are_found_by_primary_or_additional_role(
    owner: User, employee: User, viewer: User, organization: Organization, outsider: User
) -> None:
    # given an employee who is also a viewer ("process_owner" is a different role that
    # "owner" must not match as a part of it)
    services.membership_update(
        actor=owner,
        instance=_membership(employee),
        data={"additional_roles": ["viewer", "process_owner"]},
    )

    # then
    found = selectors.member_ids_holding(organization_id=organization.pk, roles=["viewer"])
    assert sorted(found) == sorted([employee.pk, viewer.pk])
    owners = selectors.member_ids_holding(organization_id=organization.pk, roles=["owner"])
    assert owners == [owner.pk]


# --- Pages ---------------------------------------------------------------------------------


def test_the_edit_page_offers_every_role_as_a_checkbox(client_for: Any, owner: User) -> None:
    # when the owner opens a member's page
    response = client_for(owner).get(f"{PAGES}{_membership(owner).pk}/edit/")

    # then every role can be ticked, in a group named by its legend
    html = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Additional roles</legend>" in html
    for value in role_values():
        assert f'type="checkbox" name="additional_roles" value="{value}"' in html


def test_an_owner_ticks_further_roles_on_the_members_page(
    client_for: Any, owner: User, employee: User
) -> None:
    # given
    membership = _membership(employee)

    # when the owner ticks two roles
    response = client_for(owner).post(
        f"{PAGES}{membership.pk}/edit/",
        {"role": "employee", "additional_roles": ["viewer", "internal_auditor"]},
    )

    # then they are stored and the member's page shows every role, the primary first
    assert response.status_code == 302
    assert _membership(employee).additional_roles == ["internal_auditor", "viewer"]
    detail = client_for(owner).get(f"{PAGES}{membership.pk}/").content.decode()
    assert "Employee, Internal auditor, Viewer" in detail


def test_ticking_the_primary_role_is_refused_beside_the_field(
    client_for: Any, owner: User, employee: User
) -> None:
    # when the owner ticks the member's primary role as an additional one
    response = client_for(owner).post(
        f"{PAGES}{_membership(employee).pk}/edit/",
        {"role": "employee", "additional_roles": ["employee"]},
    )

    # then the form says why beside the ticks, and nothing changed
    assert response.status_code == 400
    assert "is the primary role" in response.context["form"].errors["additional_roles"][0]
    assert _membership(employee).additional_roles == []


def test_an_unknown_role_value_is_refused_beside_the_field(
    client_for: Any, owner: User, employee: User
) -> None:
    # when a hand-made form sends a role that does not exist
    response = client_for(owner).post(
        f"{PAGES}{_membership(employee).pk}/edit/",
        {"role": "employee", "additional_roles": ["emperor"]},
    )

    # then
    assert response.status_code == 400
    assert "emperor" in response.context["form"].errors["additional_roles"][0]
    assert _membership(employee).additional_roles == []


def test_the_member_list_shows_every_role_and_filters_by_additional_roles(
    client_for: Any, owner: User, quality_manager: User, employee: User, viewer: User
) -> None:
    # given an employee who is also a viewer
    services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["viewer"]}
    )

    # when the list is filtered to viewers
    response = client_for(quality_manager).get(PAGES, {"role": "viewer"})

    # then both the viewer and the employee who is also one are listed, with their roles
    rows = {row[0].text: row[2].text for row in response.context["table"].rows}
    assert rows == {"employee@acme.test": "Employee, Viewer", "viewer@acme.test": "Viewer"}


def test_the_member_list_costs_no_query_per_member_with_several_roles(
    client_for: Any,
    quality_manager: User,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given a few members, measured once warm
    client = client_for(quality_manager)
    MembershipFactory.create_batch(2, organization=organization, additional_roles=["viewer"])
    client.get(PAGES)
    with CaptureQueriesContext(connection) as captured:
        client.get(PAGES, {"per_page": "50"})
    budget = len(captured.captured_queries)

    # when thirty exist, each with further roles
    MembershipFactory.create_batch(
        27, organization=organization, additional_roles=["viewer", "internal_auditor"]
    )

    # then the page costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(PAGES, {"per_page": "50"})
    assert len(response.context["table"].rows) == 30


# --- API -----------------------------------------------------------------------------------


def test_an_owner_sets_additional_roles_through_the_api(
    api_client_for: Any, owner: User, employee: User
) -> None:
    # when
    response = api_client_for(owner).patch(
        f"{API}{_membership(employee).pk}/",
        {"additional_roles": ["viewer", "internal_auditor"]},
        format="json",
    )

    # then the read shape shows them, and the member list filtered by role finds the member
    assert response.status_code == 200, response.content
    assert response.json()["additional_roles"] == ["internal_auditor", "viewer"]
    listed = api_client_for(owner).get(API, {"role": "internal_auditor"}).json()["results"]
    assert [row["user"]["email"] for row in listed] == ["employee@acme.test"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["emperor"], 'item 1: "emperor" is not a valid choice.'),
        (["viewer", "viewer"], "Viewer is listed twice."),
        (["employee"], "Employee is the primary role already; choose only further roles."),
        ("viewer", 'Expected a list of items but got type "str".'),
    ],
)
def test_invalid_additional_roles_are_a_400_on_the_field(
    api_client_for: Any, owner: User, employee: User, value: Any, message: str
) -> None:
    # when
    response = api_client_for(owner).patch(
        f"{API}{_membership(employee).pk}/", {"additional_roles": value}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["errors"] == {"additional_roles": [message]}
    assert _membership(employee).additional_roles == []


def test_only_an_owner_may_change_additional_roles(
    api_client_for: Any, quality_manager: User, employee: User
) -> None:
    # when the quality manager tries
    response = api_client_for(quality_manager).patch(
        f"{API}{_membership(employee).pk}/", {"additional_roles": ["owner"]}, format="json"
    )

    # then
    assert response.status_code == 403
    assert _membership(employee).additional_roles == []


def test_me_lists_every_role_and_what_they_allow_together(
    api_client_for: Any, owner: User, employee: User
) -> None:
    # given an employee who is also an internal auditor
    services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["internal_auditor"]}
    )

    # when they ask who they are
    body = api_client_for(employee).get(ME).json()

    # then
    assert body["role"] == "employee"
    assert body["roles"] == ["employee", "internal_auditor"]
    assert body["permissions"] == sorted(
        role_permissions("employee") | role_permissions("internal_auditor")
    )


def test_a_token_acts_with_every_role_of_its_member(
    api_client_for: Any, owner: User, employee: User
) -> None:
    # given an employee's token, then the employee also becomes an internal auditor
    client = api_client_for(employee)
    assert client.get(API).status_code == 403
    services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["internal_auditor"]}
    )

    # then the next request with the same token may list the members
    assert client.get(API).status_code == 200


# --- Migration -----------------------------------------------------------------------------


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest() -> None:
    """Every app at its latest migration again (going back may unapply dependants)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_adds_no_role_to_anyone_and_goes_back(owner: User, employee: User) -> None:
    # given an employee who is also a viewer
    services.membership_update(
        actor=owner, instance=_membership(employee), data={"additional_roles": ["viewer"]}
    )
    try:
        # when migrated back before the field, then the members and their roles are kept
        old = _migrate([("accounts", "0005_throttle_kinds")]).get_model("accounts", "Membership")
        rows = dict(old.objects.values_list("user_id", "role"))
        assert rows == {owner.pk: "owner", employee.pk: "employee"}
        assert "additional_roles" not in {f.name for f in old._meta.get_fields()}

        # when migrated forwards again, then nobody holds further roles
        _migrate([("accounts", "0006_membership_additional_roles")])
        stored = dict(Membership.objects.values_list("user_id", "additional_roles"))
        assert stored == {owner.pk: [], employee.pk: []}
    finally:
        _migrate_to_latest()
