"""The generic list, detail, create, update and delete views, through the Site and Process
pages (declarations over qms.core.views.generic) and the audit log."""

from __future__ import annotations

import io
from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from qms.core.audit import AuditEvent
from qms.organizations import services
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

SITES = "/organization/sites/"
PROCESSES = "/organization/processes/"
AUDIT_LOG = "/audit/"


@pytest.fixture
def manager(client_for: Any, quality_manager: Any) -> Any:
    return client_for(quality_manager)


def _first_column(response: Any) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [row[0].text for row in response.context["table"].rows]


def _make_sites(organization: Organization, count: int) -> None:
    Site.objects.bulk_create(
        [Site(organization=organization, name=f"Site {n:02d}") for n in range(count)]
    )


# --- Lists: pagination, sorting, filters, htmx --------------------------------------------


def test_the_list_pages_with_the_chosen_page_size(manager: Any, organization: Organization) -> None:
    # given 25 sites
    _make_sites(organization, 25)

    # when the third page of ten is requested
    response = manager.get(SITES, {"per_page": "10", "page": "3"})

    # then it holds the last five, and says where it is
    assert _first_column(response) == [f"Site {n:02d}" for n in range(20, 25)]
    assert response.context["page"].number == 3
    assert "21\N{EN DASH}25 of 25" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "page_number", "rows"),
    [
        ({"page": "99"}, 2, 5),  # beyond the range: the last page
        ({"page": "abc"}, 1, 25),  # not a number: the first page
        ({"per_page": "7"}, 1, 25),  # not an offered size: the default
        ({"per_page": "x"}, 1, 25),
    ],
)
def test_the_list_tolerates_odd_paging_parameters(
    params: dict[str, str],
    page_number: int,
    rows: int,
    manager: Any,
    organization: Organization,
) -> None:
    # given 30 sites
    _make_sites(organization, 30)

    # when a page is requested with odd parameters
    response = manager.get(SITES, params)

    # then a sensible page is shown instead of an error
    assert response.status_code == 200
    assert response.context["page"].number == page_number
    assert len(response.context["table"].rows) == rows


def test_the_list_sorts_by_a_column_both_ways(manager: Any, organization: Organization) -> None:
    # given sites with different head counts
    for name, employees in (("Alpha", 5), ("Bravo", 50), ("Charlie", 20)):
        SiteFactory(organization=organization, name=name, employees=employees)

    # when the list is sorted by employees, then reversed
    ascending = manager.get(SITES, {"sort": "employees"})
    descending = manager.get(SITES, {"sort": "-employees"})

    # then the order follows, and the header says how it is sorted
    assert _first_column(ascending) == ["Alpha", "Charlie", "Bravo"]
    assert _first_column(descending) == ["Bravo", "Charlie", "Alpha"]
    assert 'aria-sort="descending"' in descending.content.decode()


@pytest.mark.parametrize("sort", ["address", "-organization__name", "password", "", "--name"])
def test_a_sort_that_is_not_a_column_falls_back_to_the_default(
    sort: str, manager: Any, organization: Organization
) -> None:
    # given sites out of alphabetical order
    for name in ("Bravo", "Alpha", "Charlie"):
        SiteFactory(organization=organization, name=name)

    # when the list is sorted by something that is not a sortable column
    response = manager.get(SITES, {"sort": sort})

    # then it is sorted by name, the model's default
    assert _first_column(response) == ["Alpha", "Bravo", "Charlie"]


def test_the_list_filters_by_text_and_country(manager: Any, organization: Organization) -> None:
    # given sites in two countries
    SiteFactory(organization=organization, name="Sheffield works", country="GB")
    SiteFactory(organization=organization, name="Leeds office", country="GB", address="Park Row")
    SiteFactory(organization=organization, name="Lyon atelier", country="FR")

    # when the list is filtered by name, by address, by country and by both
    by_name = manager.get(SITES, {"q": "sheff"})
    by_address = manager.get(SITES, {"q": "park row"})
    by_country = manager.get(SITES, {"country": "GB"})
    by_both = manager.get(SITES, {"country": "GB", "q": "leeds"})

    # then each shows the matching sites, and the filter form keeps the values
    assert _first_column(by_name) == ["Sheffield works"]
    assert _first_column(by_address) == ["Leeds office"]
    assert _first_column(by_country) == ["Leeds office", "Sheffield works"]
    assert _first_column(by_both) == ["Leeds office"]
    assert 'value="leeds"' in by_both.content.decode()


def test_an_invalid_filter_shows_an_error_and_no_rows(
    manager: Any, organization: Organization
) -> None:
    # given a site
    SiteFactory(organization=organization, country="GB")

    # when the list is filtered by a country code longer than two letters
    response = manager.get(SITES, {"country": "GBR"})

    # then no row is shown and the error is said
    assert _first_column(response) == []
    assert "Some filters are invalid" in response.content.decode()


def test_an_htmx_request_gets_only_the_table(manager: Any, organization: Organization) -> None:
    # given a site
    SiteFactory(organization=organization, name="Sheffield works")

    # when htmx asks for the list (a filter or sort change)
    response = manager.get(SITES, {"q": "sheff"}, HTTP_HX_REQUEST="true")

    # then the answer is the table fragment alone, and caches tell the two apart
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert '<nav class="sidenav"' not in html
    assert "<table" in html
    assert "Sheffield works" in html
    assert "HX-Request" in response["Vary"]


def test_a_boosted_htmx_navigation_gets_the_full_page(manager: Any) -> None:
    # when htmx follows a boosted link
    response = manager.get(SITES, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")

    # then the whole page comes back
    assert "<html" in response.content.decode()


def test_a_plain_request_gets_the_full_page(manager: Any) -> None:
    # when the list is opened normally
    response = manager.get(SITES)

    # then it is the whole layout with the filter form
    html = response.content.decode()
    assert "<html" in html
    assert 'role="search"' in html


# --- Export -------------------------------------------------------------------------------


def _csv(response: Any) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="sites-')
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def test_the_csv_export_respects_the_filters_and_sort(
    manager: Any, organization: Organization
) -> None:
    # given sites in two countries
    SiteFactory(organization=organization, name="Sheffield works", country="GB", employees=64)
    SiteFactory(organization=organization, name="Leeds office", country="GB")
    SiteFactory(organization=organization, name="Lyon atelier", country="FR")

    # when the British sites are exported, largest first
    lines = _csv(manager.get(SITES, {"country": "GB", "sort": "-name", "export": "csv"}))

    # then the file has the header and only those rows, in that order, all of them
    assert lines == [
        "Name,Country,Head office,Employees",
        "Sheffield works,United Kingdom,No,64",
        "Leeds office,United Kingdom,No,",
    ]


def test_the_csv_export_neutralises_formulas(manager: Any, organization: Organization) -> None:
    # given a site whose name starts like a spreadsheet formula
    SiteFactory(organization=organization, name="=HYPERLINK(1)")

    # when the sites are exported
    lines = _csv(manager.get(SITES, {"export": "csv"}))

    # then the value is text, not a formula
    assert lines[1].startswith("'=HYPERLINK(1)")


def test_the_xlsx_export_respects_the_filters(manager: Any, organization: Organization) -> None:
    # given sites in two countries
    SiteFactory(organization=organization, name="Sheffield works", country="GB")
    SiteFactory(organization=organization, name="Lyon atelier", country="FR")

    # when the French sites are exported to Excel
    response = manager.get(SITES, {"country": "FR", "export": "xlsx"})

    # then the workbook has the header and the one row
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("Name", "Country", "Head office", "Employees")
    assert rows[1][:3] == ("Lyon atelier", "France", "No")
    assert rows[1][3] in ("", None)  # an empty cell
    assert len(rows) == 2


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_needs_the_export_permission(
    kind: str, client_for: Any, employee: Any, organization: Organization
) -> None:
    # given a site
    SiteFactory(organization=organization)

    # when an employee (who may view but not export) exports
    response = client_for(employee).get(SITES, {"export": kind})

    # then it is refused
    assert response.status_code == 403


# --- Detail -------------------------------------------------------------------------------


def test_the_detail_shows_the_fields_and_the_history_from_the_audit_trail(
    manager: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a site created and changed through its services
    site = services.site_create(
        actor=quality_manager,
        organization=organization,
        data={"name": "Forge", "address": "1 Lane"},
    )
    services.site_update(actor=quality_manager, instance=site, data={"employees": 12})

    # when its page is opened
    response = manager.get(f"{SITES}{site.pk}/")

    # then the fields and both events, newest first, with who and what changed, are shown
    html = response.content.decode()
    assert response.status_code == 200
    history = response.context["history"]
    assert [e.event_type for e in history] == ["site.updated", "site.created"]
    assert history[0].changed_fields == [("employees", None, 12)]
    assert "Site changed" in html
    assert "Site created" in html
    assert "quality@acme.test" in html
    assert ">employees<" in html
    assert "1 Lane" in html


def test_the_detail_of_a_missing_object_is_404(manager: Any) -> None:
    # when a site that does not exist is opened
    response = manager.get(f"{SITES}999999/")

    # then it is not found
    assert response.status_code == 404


# --- Create -------------------------------------------------------------------------------


def test_creating_a_site_saves_it_records_it_and_goes_to_its_page(
    manager: Any, organization: Organization
) -> None:
    # when the quality manager submits the form
    response = manager.post(
        f"{SITES}add/", {"name": "Leeds office", "country": "GB", "employees": "4"}
    )

    # then the site exists in Acme, its creation is recorded and the browser goes to its page
    site = Site.objects.get(name="Leeds office")
    assert site.organization == organization
    assert response.status_code == 302
    assert response["Location"] == f"{SITES}{site.pk}/"
    assert AuditEvent.objects.filter(event_type="site.created", subject_id=str(site.pk)).exists()
    followed = manager.get(response["Location"])
    assert "Leeds office created." in followed.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "country": "GB"}, "name"),
        ({"name": "Leeds", "employees": "many"}, "employees"),
        ({"name": "Leeds", "employees": "-3"}, "employees"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Leeds", "country": "GBR"}, "country"),
    ],
)
def test_creating_with_invalid_data_shows_the_error_beside_the_field_and_writes_nothing(
    data: dict[str, str], field: str, manager: Any
) -> None:
    # given the tables as they are
    sites, events = Site.objects.count(), AuditEvent.objects.count()

    # when the form is submitted with the bad value
    response = manager.post(f"{SITES}add/", data)

    # then it comes back as 400 with the error tied to the field, and nothing is written
    html = response.content.decode()
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_error' in html or f'id_{field}_error"' in html
    assert Site.objects.count() == sites
    assert AuditEvent.objects.count() == events


def test_a_duplicate_name_is_refused_with_an_error_and_writes_nothing(
    manager: Any, organization: Organization
) -> None:
    # given a site
    SiteFactory(organization=organization, name="Sheffield works")
    sites, events = Site.objects.count(), AuditEvent.objects.count()

    # when another site with the same name is submitted
    response = manager.post(f"{SITES}add/", {"name": "Sheffield works"})

    # then the form says so and nothing is written
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Site.objects.count() == sites
    assert AuditEvent.objects.count() == events


# --- Update -------------------------------------------------------------------------------


def test_updating_records_the_changed_fields_before_and_after(
    manager: Any, organization: Organization
) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Forge", country="GB", employees=10)

    # when its head count and address are changed in the form
    response = manager.post(
        f"{SITES}{site.pk}/edit/",
        {"name": "Forge", "country": "GB", "employees": "12", "address": "1 Lane"},
    )

    # then they are saved and one event holds exactly the changed values
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.employees == 12
    event = AuditEvent.objects.get(event_type="site.updated")
    assert event.before == {"address": "", "employees": 10}
    assert event.after == {"address": "1 Lane", "employees": 12}


def test_saving_an_unchanged_form_records_nothing(manager: Any, organization: Organization) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Forge", country="GB")

    # when its form is saved unchanged
    response = manager.post(f"{SITES}{site.pk}/edit/", {"name": "Forge", "country": "GB"})

    # then no event is written
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event_type="site.updated").exists()


def test_updating_with_invalid_data_keeps_the_stored_values(
    manager: Any, organization: Organization
) -> None:
    # given a site
    site = cast(Site, SiteFactory(organization=organization, name="Forge", employees=10))

    # when its form is submitted with a blank name
    response = manager.post(f"{SITES}{site.pk}/edit/", {"name": "", "employees": "99"})

    # then the error is shown and nothing changed
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    site.refresh_from_db()
    assert (site.name, site.employees) == ("Forge", 10)
    assert not AuditEvent.objects.filter(event_type="site.updated").exists()


def test_the_edit_form_shows_the_stored_values(manager: Any, organization: Organization) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Forge", employees=10)

    # when its edit page is opened
    response = manager.get(f"{SITES}{site.pk}/edit/")

    # then the form holds its values
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Forge"' in html
    assert 'value="10"' in html


# --- Delete -------------------------------------------------------------------------------


def test_deleting_asks_for_confirmation_then_deletes(
    manager: Any, organization: Organization
) -> None:
    # given a site
    site = SiteFactory(organization=organization, name="Old shed")

    # when the delete page is opened
    confirm = manager.get(f"{SITES}{site.pk}/delete/")

    # then it asks, and the site is still there
    assert confirm.status_code == 200
    assert "Delete <strong>Old shed</strong>?" in confirm.content.decode()
    assert Site.objects.filter(pk=site.pk).exists()

    # when the deletion is confirmed
    response = manager.post(f"{SITES}{site.pk}/delete/")

    # then the site is gone, the deletion recorded with its last values, and we are on the list
    assert response.status_code == 302
    assert response["Location"] == SITES
    assert not Site.objects.filter(pk=site.pk).exists()
    event = AuditEvent.objects.get(event_type="site.deleted")
    assert event.before["name"] == "Old shed"
    assert "Old shed deleted." in manager.get(SITES).content.decode()


def test_deleting_a_site_a_process_uses_shows_an_error_and_keeps_it(
    manager: Any, organization: Organization
) -> None:
    # given a site a process refers to
    site = SiteFactory(organization=organization, name="Forge")
    ProcessFactory(organization=organization, site=site)
    events = AuditEvent.objects.count()

    # when its deletion is confirmed
    response = manager.post(f"{SITES}{site.pk}/delete/", follow=True)

    # then the site stays, the page says why and no deletion is recorded
    assert Site.objects.filter(pk=site.pk).exists()
    assert response.redirect_chain[0] == (f"{SITES}{site.pk}/", 302)
    assert "is still referenced by other records" in response.content.decode()
    assert AuditEvent.objects.count() == events


# --- Processes: choices of the organization only ------------------------------------------


def test_the_process_form_offers_only_our_sites_and_members(
    manager: Any,
    process_owner: Any,
    outsider: Any,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given a site in each organization
    ours = SiteFactory(organization=organization, name="Forge")
    theirs = SiteFactory(organization=other_organization, name="Duisburg")

    # when the new-process form is opened
    form = manager.get(f"{PROCESSES}add/").context["form"]

    # then only Acme's site and Acme's members are offered
    assert list(form.fields["site"].queryset) == [ours]
    owners = set(form.fields["owner"].queryset)
    assert process_owner in owners
    assert outsider not in owners
    assert theirs not in form.fields["site"].queryset


def test_a_process_posted_with_another_organizations_site_or_owner_is_rejected(
    manager: Any, outsider: Any, other_organization: Organization
) -> None:
    # given a site of Northwind and the tables as they are
    theirs = SiteFactory(organization=other_organization)
    processes, events = Process.objects.count(), AuditEvent.objects.count()

    # when a hand-made post names it, and Northwind's quality manager as owner
    response = manager.post(
        f"{PROCESSES}add/", {"name": "Casting", "site": theirs.pk, "owner": outsider.pk}
    )

    # then both are invalid choices and nothing is written
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Select a valid choice" in errors["site"][0]
    assert "Select a valid choice" in errors["owner"][0]
    assert Process.objects.count() == processes
    assert AuditEvent.objects.count() == events


def test_a_process_is_created_with_our_site_and_member(
    manager: Any, process_owner: Any, organization: Organization
) -> None:
    # given our site
    site = cast(Site, SiteFactory(organization=organization, name="Forge"))

    # when a process is created there with a member as owner
    response = manager.post(
        f"{PROCESSES}add/",
        {"name": "Machining", "code": "P-03", "site": site.pk, "owner": process_owner.pk},
    )

    # then it is saved with both
    assert response.status_code == 302
    process = Process.objects.get(name="Machining")
    assert (process.site, process.owner) == (site, process_owner)


def test_a_process_owner_may_edit_a_process_but_not_add_one(
    client_for: Any, process_owner: Any, organization: Organization
) -> None:
    # given a process they own
    process = ProcessFactory(organization=organization, name="Machining", owner=process_owner)
    client = client_for(process_owner)

    # when the process owner edits its purpose, and tries to add a process
    edited = client.post(
        f"{PROCESSES}{process.pk}/edit/", {"name": "Machining", "purpose": "Make parts"}
    )
    added = client.get(f"{PROCESSES}add/")

    # then the edit is saved and the add is refused
    assert edited.status_code == 302
    process.refresh_from_db()
    assert process.purpose == "Make parts"
    assert added.status_code == 403


def test_the_process_list_sorts_by_a_related_column(
    manager: Any, organization: Organization
) -> None:
    # given processes at two sites
    ProcessFactory(
        organization=organization,
        name="Casting",
        site=SiteFactory(organization=organization, name="B"),
    )
    ProcessFactory(
        organization=organization,
        name="Welding",
        site=SiteFactory(organization=organization, name="A"),
    )

    # when the list is sorted by site
    response = manager.get(PROCESSES, {"sort": "site__name"})

    # then the order follows the site names
    names = [row[1].text for row in response.context["table"].rows]
    assert names == ["Welding", "Casting"]


# --- Query budgets ------------------------------------------------------------------------


def _count(client: Any, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
        assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_process_list_issues_no_query_per_row(
    manager: Any,
    process_owner: Any,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three processes, each with an owner and a site, measured once warm
    def add(count: int) -> None:
        for _ in range(count):
            site = SiteFactory(organization=organization)
            ProcessFactory(organization=organization, site=site, owner=process_owner)

    add(3)
    manager.get(PROCESSES)
    budget = _count(manager, PROCESSES, {"per_page": "50"})

    # when thirty exist
    add(27)

    # then the page costs the same, and the export too
    with django_assert_max_num_queries(budget):
        response = manager.get(PROCESSES, {"per_page": "50"})
    assert len(response.context["table"].rows) == 30
    with django_assert_max_num_queries(budget):
        manager.get(PROCESSES, {"export": "xlsx"})


# --- The audit log page -------------------------------------------------------------------


def test_the_audit_log_lists_our_events_and_filters_them(
    manager: Any,
    quality_manager: Any,
    outsider: Any,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given changes in both organizations
    site = services.site_create(
        actor=quality_manager,
        organization=organization,
        data={"name": "Forge"},
    )
    services.site_update(actor=quality_manager, instance=site, data={"employees": 3})
    services.site_create(actor=outsider, organization=other_organization, data={"name": "Duisburg"})

    # when the audit log is opened, then filtered by event type
    everything = manager.get(AUDIT_LOG)
    updates = manager.get(AUDIT_LOG, {"event_type": "site.updated"})

    # then only Acme's events are listed, and the filter narrows them
    events = [row[2].text for row in everything.context["table"].rows]
    assert events == ["site.updated", "site.created"]
    assert "Duisburg" not in everything.content.decode()
    assert [row[2].text for row in updates.context["table"].rows] == ["site.updated"]


def test_the_audit_log_exports_to_csv(
    manager: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a change
    services.site_create(actor=quality_manager, organization=organization, data={"name": "Forge"})

    # when the audit log is exported
    response = manager.get(AUDIT_LOG, {"export": "csv"})

    # then the file lists it
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Time,Actor,Event,What,Subject,IP address"
    assert "site.created" in lines[1]
    assert "Forge" in lines[1]


def test_the_audit_log_is_closed_to_roles_without_the_permission(
    client_for: Any, employee: Any, auditor: Any
) -> None:
    # when an employee and an internal auditor open the audit log
    # then only the auditor may
    assert client_for(employee).get(AUDIT_LOG).status_code == 403
    assert client_for(auditor).get(AUDIT_LOG).status_code == 200


def test_the_audit_log_issues_no_query_per_row(
    manager: Any,
    quality_manager: Any,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three events, measured once warm
    for n in range(3):
        services.site_create(
            actor=quality_manager,
            organization=organization,
            data={"name": f"S{n}"},
        )
    manager.get(AUDIT_LOG)
    budget = _count(manager, AUDIT_LOG)

    # when thirty exist
    for n in range(3, 30):
        services.site_create(
            actor=quality_manager,
            organization=organization,
            data={"name": f"S{n}"},
        )

    # then the page costs the same
    with django_assert_max_num_queries(budget):
        response = manager.get(AUDIT_LOG)
    assert len(response.context["table"].rows) == 30
