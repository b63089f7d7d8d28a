"""Two people edit the same record: the second, based on an old version, is refused.

The issue's acceptance scenario, on pages and in the API (and on both databases, as the
suite runs on SQLite and PostgreSQL): two editors both load version 1 of a site named A; the
first saves B, the second saves C based on version 1 and gets 409; nothing of C is written
and the audit trail shows exactly one change, A→B.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from qms.accounts.models import Membership
from qms.core.audit import AuditEvent
from qms.core.errors import StaleVersion
from qms.organizations import services
from qms.organizations.models import Organization, Site
from qms.organizations.tests.factories import SiteFactory

SITES = "/organization/sites/"
API_SITES = "/api/v1/organizations/sites/"
MEMBERS = "/api/v1/accounts/members/"


@pytest.fixture
def site(organization: Organization) -> Site:
    return SiteFactory(organization=organization, name="A", country="GB")


def _updates(site: Site) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    events = AuditEvent.objects.for_subject(site).filter(event_type="site.updated")
    return [(event.before, event.after) for event in events.order_by("sequence")]


def _form_fields(html: str) -> dict[str, str]:
    """The values a browser would post back from the edit page."""
    start = html.index('class="card form-card"')  # the page's form, not the log-out button
    form = html[start : html.index("</form>", start)]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            if 'type="checkbox"' in tag and "checked" not in tag:
                continue
            fields[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


# --- Pages ------------------------------------------------------------------------------


def test_the_second_of_two_page_editors_is_refused_and_the_trail_shows_a_to_b_only(
    client_for: Any, quality_manager: Any, owner: Any, site: Site
) -> None:
    # given two editors who both opened the edit page of version 1
    first, second = client_for(quality_manager), client_for(owner)
    first_form = _form_fields(first.get(f"{SITES}{site.pk}/edit/").content.decode())
    second_form = _form_fields(second.get(f"{SITES}{site.pk}/edit/").content.decode())
    assert first_form["version"] == second_form["version"] == "1"

    # when the first saves B and then the second saves C
    saved = first.post(f"{SITES}{site.pk}/edit/", {**first_form, "name": "B"})
    refused = second.post(f"{SITES}{site.pk}/edit/", {**second_form, "name": "C"})

    # then the second is refused, shown what changed, and keeps their input
    assert saved.status_code == 302
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else saved this site while you were editing it" in page
    assert "Changed by someone else to: B" in page
    assert 'value="C"' in page
    # and the stored record and the trail hold only the first change
    site.refresh_from_db()
    assert (site.name, site.version) == ("B", 2)
    assert _updates(site) == [({"name": "A"}, {"name": "B"})]


def test_a_refused_page_editor_who_saves_again_applies_their_change_on_the_new_version(
    client_for: Any, quality_manager: Any, owner: Any, site: Site
) -> None:
    # given the second editor was refused after the first saved B
    first, second = client_for(quality_manager), client_for(owner)
    form = _form_fields(second.get(f"{SITES}{site.pk}/edit/").content.decode())
    first.post(f"{SITES}{site.pk}/edit/", {**form, "name": "B"})
    refused = second.post(f"{SITES}{site.pk}/edit/", {**form, "name": "C"})
    assert refused.status_code == 409

    # when they look at what changed and save the form again as it is shown
    again = second.post(f"{SITES}{site.pk}/edit/", _form_fields(refused.content.decode()))

    # then their change is applied on top of version 2
    assert again.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.version) == ("C", 3)
    assert _updates(site) == [({"name": "A"}, {"name": "B"}), ({"name": "B"}, {"name": "C"})]


def test_a_delete_confirmed_on_an_old_version_is_refused_and_the_record_stays(
    client_for: Any, quality_manager: Any, owner: Any, site: Site
) -> None:
    # given the confirmation page was opened at version 1, then someone saved B
    deleter = client_for(owner)
    confirm = deleter.get(f"{SITES}{site.pk}/delete/").content.decode()
    assert 'name="version" value="1"' in confirm
    services.site_update(actor=quality_manager, instance=site, data={"name": "B"})

    # when the deletion is confirmed
    response = deleter.post(f"{SITES}{site.pk}/delete/", {"version": "1"})

    # then it is refused, nothing is deleted, and the page shows the record as it is now
    assert response.status_code == 409
    assert "It was not deleted" in response.content.decode()
    assert Site.objects.filter(pk=site.pk).exists()
    assert not AuditEvent.objects.filter(event_type="site.deleted").exists()


# --- API --------------------------------------------------------------------------------


def test_the_second_of_two_api_editors_is_refused_and_the_trail_shows_a_to_b_only(
    api_client_for: Any, quality_manager: Any, owner: Any, site: Site
) -> None:
    # given two clients that both read version 1 (body and ETag)
    first, second = api_client_for(quality_manager), api_client_for(owner)
    read = first.get(f"{API_SITES}{site.pk}/")
    assert read["ETag"] == '"1"'
    assert read.json()["version"] == 1
    assert second.get(f"{API_SITES}{site.pk}/").json()["version"] == 1

    # when the first saves B with If-Match and the second saves C with version 1 in the body
    saved = first.patch(f"{API_SITES}{site.pk}/", {"name": "B"}, format="json", HTTP_IF_MATCH='"1"')
    refused = second.patch(f"{API_SITES}{site.pk}/", {"name": "C", "version": 1}, format="json")

    # then
    assert saved.status_code == 200
    assert saved["ETag"] == '"2"'
    assert saved.json()["version"] == 2
    assert refused.status_code == 409
    body = refused.json()
    assert (body["status"], body["code"]) == (409, "stale")
    assert body["errors"] == {"name": ["Changed by someone else to: B"]}
    site.refresh_from_db()
    assert (site.name, site.version) == ("B", 2)
    assert _updates(site) == [({"name": "A"}, {"name": "B"})]


def test_a_put_with_an_old_if_match_is_refused(
    api_client_for: Any, quality_manager: Any, site: Site
) -> None:
    # given the site moved on to version 2
    services.site_update(actor=quality_manager, instance=site, data={"name": "B"})
    client = api_client_for(quality_manager)
    # when
    response = client.put(
        f"{API_SITES}{site.pk}/", {"name": "C", "country": "GB"}, format="json", HTTP_IF_MATCH='"1"'
    )
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert Site.objects.get(pk=site.pk).name == "B"


def test_an_api_write_without_a_version_proceeds(
    api_client_for: Any, quality_manager: Any, site: Site
) -> None:
    # given the site moved on to version 2
    services.site_update(actor=quality_manager, instance=site, data={"name": "B"})
    # when a client writes without If-Match or version
    response = api_client_for(quality_manager).patch(
        f"{API_SITES}{site.pk}/", {"name": "C"}, format="json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["version"] == 3


def test_an_api_delete_with_an_old_version_is_refused_and_the_record_stays(
    api_client_for: Any, quality_manager: Any, site: Site
) -> None:
    # given
    services.site_update(actor=quality_manager, instance=site, data={"name": "B"})
    client = api_client_for(quality_manager)
    # when
    stale = client.delete(f"{API_SITES}{site.pk}/", HTTP_IF_MATCH='"1"')
    current = client.delete(f"{API_SITES}{site.pk}/", HTTP_IF_MATCH='"2"')
    # then
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    assert current.status_code == 204
    assert not Site.objects.filter(pk=site.pk).exists()


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"HTTP_IF_MATCH": '"abc"'}, {"name": "C"}),
        ({"HTTP_IF_MATCH": '"1"'}, {"name": "C", "version": 2}),
        ({}, {"name": "C", "version": 0}),
        ({}, {"name": "C", "version": "x"}),
    ],
)
def test_a_malformed_or_contradictory_version_is_a_400_and_writes_nothing(
    api_client_for: Any, quality_manager: Any, site: Site, headers: Any, body: Any
) -> None:
    # when
    response = api_client_for(quality_manager).patch(
        f"{API_SITES}{site.pk}/", body, format="json", **headers
    )
    # then
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
    assert Site.objects.get(pk=site.pk).name == "A"


# --- Real concurrency (PostgreSQL row locks; SQLite serialises writers anyway) -----------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_updates_of_the_same_version_let_exactly_one_through() -> None:
    # given a site at version 1, read by two editors
    site = SiteFactory(name="A")
    copies = [Site.objects.get(pk=site.pk), Site.objects.get(pk=site.pk)]
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def edit(copy: Site, name: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                services.site_update(actor=None, instance=copy, data={"name": name}, version=1)
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")
        except BaseException as error:  # reported to the test
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    # when both save at the same time
    threads = [
        threading.Thread(target=edit, args=(copy, name))
        for copy, name in zip(copies, ("B", "C"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one got through, and the trail holds exactly its change from A
    assert sorted(outcomes) == ["saved", "stale"]
    site.refresh_from_db()
    assert site.version == 2
    assert _updates(site) == [({"name": "A"}, {"name": site.name})]


def test_a_member_role_change_based_on_an_old_version_is_refused(
    api_client_for: Any, owner: Any, employee: Any, organization: Organization
) -> None:
    # given a membership changed after the client read it (version 1 → 2)
    membership = Membership.objects.get(user=employee, organization=organization)
    client = api_client_for(owner)
    assert (
        client.patch(f"{MEMBERS}{membership.pk}/", {"role": "viewer"}, format="json").status_code
        == 200
    )

    # when a change based on version 1 arrives, in the body and then as If-Match
    in_body = client.patch(
        f"{MEMBERS}{membership.pk}/", {"role": "internal_auditor", "version": 1}, format="json"
    )
    in_header = client.patch(
        f"{MEMBERS}{membership.pk}/",
        {"role": "internal_auditor"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    # then both are refused and the role stays
    assert (in_body.status_code, in_header.status_code) == (409, 409)
    membership.refresh_from_db()
    assert (membership.role, membership.version) == ("viewer", 2)


def test_any_api_path_that_meets_a_stale_edit_names_the_changed_fields() -> None:
    # given a service's refusal of a stale edit, raised from any API view or action
    from qms.core.api.exceptions import exception_handler
    from qms.core.errors import StaleVersion

    error = StaleVersion(expected=1, current=2, changes={"name": "B", "note": None})

    # when the API's exception handler meets it (no view has to prepare it first)
    response = exception_handler(error, {})

    # then it is a 409 "stale" naming each field someone else changed, with its value now
    assert response is not None
    assert response.status_code == 409
    assert response.data["code"] == "stale"
    assert response.data["errors"] == {
        "name": ["Changed by someone else to: B"],
        "note": ["Changed by someone else to: "],
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_one_owner() -> None:
    # given an organization with exactly two owners
    from qms.accounts.services import membership_update
    from qms.accounts.tests.factories import MembershipFactory
    from qms.organizations.tests.factories import OrganizationFactory

    organization = OrganizationFactory()
    owners = [MembershipFactory(organization=organization, role="owner") for _ in range(2)]
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def demote(membership: Membership, actor: Any) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                membership_update(actor=actor, instance=membership, data={"role": "viewer"})
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        except BaseException as error:  # reported to the test
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    # when each owner demotes the other at the same moment
    threads = [
        threading.Thread(target=demote, args=(owners[0], owners[1].user)),
        threading.Thread(target=demote, args=(owners[1], owners[0].user)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one change went through and the other was refused: one owner is left
    assert sorted(outcomes) == ["refused", "saved"]
    left = Membership.objects.for_organization(organization).filter(role="owner").count()
    assert left == 1
