"""The dashboard: the organization's summary card, and the activity cards for those who may
read the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.organizations import services
from qms.organizations.models import Organization
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

DASHBOARD = "/"


def _card_keys(response: Any) -> list[str]:
    return [entry["card"].key for entry in response.context["cards"]]


def test_the_summary_card_counts_the_organizations_sites_and_processes(
    client_for: Any,
    quality_manager: Any,
    organization: Organization,
    other_organization: Organization,
) -> None:
    # given two sites and three processes in Acme, and more in Northwind
    SiteFactory.create_batch(2, organization=organization)
    ProcessFactory.create_batch(3, organization=organization)
    SiteFactory.create_batch(5, organization=other_organization)

    # when the quality manager opens the dashboard
    response = client_for(quality_manager).get(DASHBOARD)

    # then the card counts Acme's records only
    assert response.status_code == 200
    summary = next(e for e in response.context["cards"] if e["card"].key == "organizations.summary")
    assert summary["summary"] == {"sites": 2, "processes": 3}
    assert b'<a href="/organization/sites/">2</a>' in response.content
    assert b'<a href="/organization/processes/">3</a>' in response.content


def test_auditors_and_quality_managers_see_the_activity_cards(
    client_for: Any, auditor: Any, quality_manager: Any, organization: Organization
) -> None:
    # given a site created through its service, so the audit trail has an entry
    services.site_create(actor=quality_manager, organization=organization, data={"name": "Forge"})

    for user in (auditor, quality_manager):
        # when they open the dashboard
        response = client_for(user).get(DASHBOARD)

        # then the recent activity shows the creation
        assert "core.activity" in _card_keys(response)
        assert "core.activity_chart" in _card_keys(response)
        assert b"Recent activity" in response.content
        assert b"Site created" in response.content


def test_a_viewer_does_not_see_the_activity_cards(
    client_for: Any, viewer: Any, quality_manager: Any, organization: Organization
) -> None:
    # given some activity in the organization
    services.site_create(actor=quality_manager, organization=organization, data={"name": "Forge"})

    # when a viewer opens the dashboard
    response = client_for(viewer).get(DASHBOARD)

    # then the summary shows, the activity cards (audit readers only) do not
    assert response.status_code == 200
    keys = _card_keys(response)
    assert "organizations.summary" in keys
    assert not {"core.activity", "core.activity_chart"} & set(keys)
    assert b"Recent activity" not in response.content
    assert b"Site created" not in response.content


def test_the_activity_card_shows_only_our_organizations_events(
    client_for: Any, quality_manager: Any, outsider: Any, other_organization: Organization
) -> None:
    # given a site created in Northwind
    services.site_create(actor=outsider, organization=other_organization, data={"name": "Duisburg"})

    # when our quality manager opens the dashboard
    response = client_for(quality_manager).get(DASHBOARD)

    # then Northwind's activity is not there
    assert b"Duisburg" not in response.content


def test_the_dashboard_sends_anonymous_visitors_to_log_in(client_for: Any) -> None:
    # when an anonymous visitor opens the dashboard
    response = client_for(None).get(DASHBOARD)

    # then they are sent to the log-in page
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_the_dashboard_costs_the_same_queries_however_much_activity_there_is(
    client_for: Any,
    quality_manager: Any,
    organization: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    # given three audited changes, measured once warm
    client = client_for(quality_manager)
    for n in range(3):
        services.site_create(
            actor=quality_manager,
            organization=organization,
            data={"name": f"Site {n}"},
        )
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DASHBOARD).status_code == 200
    budget = len(captured.captured_queries)

    # when thirty changes exist
    for n in range(3, 30):
        services.site_create(
            actor=quality_manager,
            organization=organization,
            data={"name": f"Site {n}"},
        )

    # then the dashboard costs the same
    with django_assert_max_num_queries(budget):
        response = client.get(DASHBOARD)
    assert b"Site 29" in response.content
