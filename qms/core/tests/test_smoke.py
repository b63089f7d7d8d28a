def test_dashboard_shows_the_organization_to_its_quality_manager(client_for, quality_manager):
    response = client_for(quality_manager).get("/")
    assert response.status_code == 200
    assert b"Acme Gauges Ltd" in response.content


def test_sites_api_lists_only_the_callers_organization(api_client_for, quality_manager, outsider):
    from qms.organizations.tests.factories import SiteFactory

    mine = SiteFactory(organization=quality_manager.memberships.get().organization)
    SiteFactory(organization=outsider.memberships.get().organization)
    response = api_client_for(quality_manager).get("/api/v1/organizations/sites/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
