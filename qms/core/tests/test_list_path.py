"""The fast list path: API rows read through a field plan equal the serializer's, carry the
list page's columns only, and cost a fixed number of queries; the HTML list counts at most
COUNT_LIMIT + 1 rows and says "of 1,000+" beyond that."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.request import Request

from qms.core.api.lists import list_serializer_for, plan_for
from qms.core.views.generic import ObjectListView  # noqa: F401 - imports listing after generic
from qms.core.views.listing import COUNT_LIMIT
from qms.core.widgets import speed_up_selects
from qms.organizations.api.serializers import ProcessSerializer, SiteSerializer
from qms.organizations.filtersets import ProcessFilterSet, SiteFilterSet
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

SITES_API = "/api/v1/organizations/sites/"
PROCESSES_API = "/api/v1/organizations/processes/"
SITES_PAGE = "/organization/sites/"


def _make_sites(organization: Organization, count: int, start: int = 0) -> None:
    Site.objects.bulk_create(
        [Site(organization=organization, name=f"Site {n:05d}") for n in range(start, start + count)]
    )


# --- API rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serializer_class", "model"), [(SiteSerializer, Site), (ProcessSerializer, Process)]
)
def test_planned_rows_equal_what_the_serializer_writes(
    organization: Organization, process_owner: Any, serializer_class: Any, model: Any
) -> None:
    # given records with empty and filled optional fields and related objects
    site = SiteFactory(organization=organization, country="FR", employees=12, is_head_office=True)
    SiteFactory(organization=organization, country="", address="")
    ProcessFactory(organization=organization, site=site, owner=process_owner)
    ProcessFactory(organization=organization, site=None, owner=None)
    slim = list_serializer_for(serializer_class)
    plan = plan_for(slim)
    assert plan is not None
    queryset = model.objects.filter(organization=organization).order_by("pk")
    request = Request(RequestFactory().get("/"))

    # when the page is read through the plan and through the serializer
    planned = plan.rows(queryset.values_list(*plan.paths))
    serialized = slim(queryset, many=True, context={"request": request}).data

    # then both give the same rows
    assert planned == [dict(row) for row in serialized]


def test_the_list_row_carries_the_list_columns_and_the_detail_the_rest(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a site with an address
    site = SiteFactory(organization=organization, name="Leeds", address="1 Park Row")
    client = api_client_for(quality_manager)

    # when it is listed and read
    row = client.get(SITES_API).json()["results"][0]
    detail = client.get(f"{SITES_API}{site.pk}/").json()

    # then the list row has the page's columns plus id and version; the detail has all
    assert set(row) == {"id", "version", "name", "country", "is_head_office", "employees"}
    assert {"address", "created_at", "updated_at"} <= set(detail)
    assert {key: detail[key] for key in row} == row


def test_a_process_row_carries_its_owner_and_site_as_the_page_shows_them(
    api_client_for: Any, quality_manager: Any, process_owner: Any, organization: Organization
) -> None:
    # given a process with an owner and a site
    site = SiteFactory(organization=organization, name="Leeds")
    ProcessFactory(organization=organization, site=site, owner=process_owner, code="P-1")

    # when processes are listed
    row = api_client_for(quality_manager).get(PROCESSES_API).json()["results"][0]

    # then the row names them without another request
    assert row["owner"] == process_owner.pk and row["owner_email"] == process_owner.email
    assert row["site"] == site.pk and row["site_name"] == "Leeds"
    assert "purpose" not in row


def test_a_serializer_the_plan_cannot_express_is_left_to_the_serializer() -> None:
    # given a serializer with a method field
    class WithMethod(serializers.ModelSerializer):
        shout = serializers.SerializerMethodField()

        class Meta:
            model = Site
            fields = ["id", "name", "shout"]

        def get_shout(self, obj: Site) -> str:
            return obj.name.upper()

    # then no plan is made for it (the list uses the serializer itself)
    assert plan_for(WithMethod) is None


def test_an_api_list_page_costs_two_queries_whatever_its_size(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given three sites, and a client that has been seen (its last use is recorded)
    _make_sites(organization, 3)
    client = api_client_for(quality_manager)
    client.get(SITES_API)

    # when the list is read with 3 rows and then with 60
    with CaptureQueriesContext(connection) as small:
        client.get(SITES_API)
    _make_sites(organization, 57, start=3)
    with CaptureQueriesContext(connection) as large:
        response = client.get(SITES_API)

    # then both cost the token lookup and the page query, nothing per row, no COUNT
    assert len(response.json()["results"]) == 50
    assert len(small.captured_queries) == len(large.captured_queries) == 2


def test_a_filter_parameter_still_filters_and_a_bad_one_is_a_400(
    api_client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given sites in two countries
    SiteFactory(organization=organization, name="Lyon", country="FR")
    SiteFactory(organization=organization, name="Leeds", country="GB")
    client = api_client_for(quality_manager)

    # when filtered by country, and by a code that is no country
    french = client.get(SITES_API, {"country": "FR"}).json()["results"]
    bad = client.get(SITES_API, {"country": "XX"})

    # then the filter applies, and the bad value is refused
    assert [row["name"] for row in french] == ["Lyon"]
    assert bad.status_code == 400
    assert "country" in bad.json()["errors"]


# --- HTML list ------------------------------------------------------------------------


def test_a_long_list_says_more_than_the_bound_instead_of_counting_everything(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given more sites than the page counts
    _make_sites(organization, COUNT_LIMIT + 30)
    client = client_for(quality_manager)

    # when the first and the second page are shown
    first = client.get(SITES_PAGE)
    second = client.get(SITES_PAGE, {"page": 2})

    # then they say "of 1,000+" with next and previous links, without a page count
    assert "1\N{EN DASH}25 of 1,000+" in first.content.decode()
    assert first.context["page"].has_next and not first.context["page"].has_previous
    assert first.context["page"].num_pages is None
    assert "26\N{EN DASH}50 of 1,000+" in second.content.decode()
    assert 'rel="prev"' in second.content.decode() and 'rel="next"' in second.content.decode()


def test_a_page_past_the_end_of_a_long_list_shows_its_last_page(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given 1,030 sites (beyond the bound)
    _make_sites(organization, COUNT_LIMIT + 30)

    # when a page far past the end is asked for
    response = client_for(quality_manager).get(SITES_PAGE, {"page": 999})

    # then the true last page is shown, with the exact total
    page = response.context["page"]
    assert page.number == 42 and len(page.object_list) == 5
    assert "1,026\N{EN DASH}1,030 of 1,030" in response.content.decode()
    assert not page.has_next


def test_a_page_number_beyond_any_offset_the_database_takes_shows_the_last_page(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a list beyond the bound
    _make_sites(organization, COUNT_LIMIT + 30)

    # when a page whose row offset overflows a 64-bit integer is asked for
    response = client_for(quality_manager).get(SITES_PAGE, {"page": "4384617503294182400"})

    # then the last page is shown (the database is never sent that offset)
    assert response.status_code == 200
    assert response.context["page"].number == 42


def test_a_short_list_shows_its_exact_count(
    client_for: Any, quality_manager: Any, organization: Organization
) -> None:
    # given exactly COUNT_LIMIT sites
    _make_sites(organization, COUNT_LIMIT)

    # when the list is shown
    response = client_for(quality_manager).get(SITES_PAGE, {"per_page": 100})

    # then the total is exact and the pages are counted
    assert "1\N{EN DASH}100 of 1,000<" in response.content.decode()
    assert response.context["page"].num_pages == 10


def test_the_html_list_costs_the_same_queries_at_3_and_60_rows(
    client_for: Any, quality_manager: Any, process_owner: Any, organization: Organization
) -> None:
    # given three processes with owners and sites, measured once warm
    def add(count: int) -> None:
        for _ in range(count):
            site = SiteFactory(organization=organization)
            ProcessFactory(organization=organization, site=site, owner=process_owner)

    client = client_for(quality_manager)
    add(3)
    client.get("/organization/processes/", {"per_page": 100})
    with CaptureQueriesContext(connection) as small:
        client.get("/organization/processes/", {"per_page": 100})

    # when sixty exist
    add(57)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/organization/processes/", {"per_page": 100})

    # then the page costs the same number of queries
    assert len(response.context["table"].rows) == 60
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.parametrize("query", ["", "country=FR&is_head_office=true&q=a<b&site={site}"])
@pytest.mark.parametrize("filterset_class", [SiteFilterSet, ProcessFilterSet])
def test_the_filter_form_renders_the_same_markup_with_python_selects(
    organization: Organization, query: str, filterset_class: Any
) -> None:
    # given the site or process filters, plain and bound (with a value to escape)
    site = SiteFactory(organization=organization, name="Lyon & <Co>")
    request = RequestFactory().get("/?" + query.format(site=site.pk))
    request.organization = organization
    model = filterset_class._meta.model

    def render(fast: bool) -> str:
        data = request.GET or None
        filterset = filterset_class(data, queryset=model.objects.none(), request=request)
        if fast:
            speed_up_selects(filterset.form, owner=filterset_class)
        return re.sub(r">\s+<", "><", str(filterset.form))

    # when the form is rendered with Django's templates and with the Python selects (twice:
    # the second time from the remembered choices)
    plain, fast = render(fast=False), render(fast=True)
    assert render(fast=True) == fast

    # then the markup is the same (the country list and the related sites included)
    assert fast == plain
    assert "<select" in fast
