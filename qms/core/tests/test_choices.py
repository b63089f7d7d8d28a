"""Related-object choices are narrowed to the organization in one place, for forms, API
serializers and filtersets alike (core.querysets.limit_to_organization)."""

from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType

from qms.accounts.models import User
from qms.core.forms import TenantModelForm
from qms.core.models import Sequence
from qms.core.querysets import limit_to_organization
from qms.organizations.filtersets import ProcessFilterSet
from qms.organizations.forms import ProcessForm, SiteForm
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import SiteFactory


def test_limit_to_organization_keeps_the_organizations_rows_and_members(
    organization, other_organization, quality_manager, outsider
):
    # given a site and a member in each organization
    mine = SiteFactory(organization=organization)
    SiteFactory(organization=other_organization)
    # when the choices are narrowed to ours
    sites = limit_to_organization(Site.objects.all(), organization)
    users = limit_to_organization(User.objects.all(), organization)
    organizations = limit_to_organization(Organization.objects.all(), organization)
    # then only our rows, our people and our organization itself remain
    assert list(sites) == [mine]
    assert list(users) == [quality_manager]
    assert list(organizations) == [organization]


def test_limit_to_organization_leaves_models_outside_the_tenancy_untouched(organization):
    # given a model that belongs to no organization
    # when
    narrowed = limit_to_organization(ContentType.objects.all(), organization)
    # then
    assert narrowed.count() == ContentType.objects.count()


def test_a_form_field_pointing_at_the_tenant_offers_only_the_own_organization(
    organization, other_organization
):
    # given a form of a record that names an organization (e.g. a client of a CB)
    class Pick(TenantModelForm):
        class Meta:
            model = Sequence
            fields = ["organization", "key", "year"]

    # when it is built for our organization
    form = Pick(organization=organization)
    # then the other organization is not a valid choice, even by its id
    assert list(form.fields["organization"].queryset) == [organization]
    bound = Pick(
        {"organization": other_organization.pk, "key": "NC", "year": 2026},
        organization=organization,
    )
    assert not bound.is_valid()
    assert "organization" in bound.errors


def test_a_filtersets_related_choices_come_from_the_requests_organization(
    organization, other_organization, quality_manager, outsider
):
    # given a site in each organization
    mine = SiteFactory(organization=organization)
    theirs = SiteFactory(organization=other_organization)
    request = SimpleNamespace(organization=organization, user=quality_manager)
    # when the process filters are built for our request
    filters = ProcessFilterSet(
        {"site": theirs.pk}, queryset=Process.objects.none(), request=request
    )
    # then the other organization's site is no valid choice, ours is
    assert list(filters.filters["site"].queryset) == [mine]
    assert list(filters.filters["owner"].queryset) == [quality_manager]
    assert not filters.is_valid()
    assert "site" in filters.errors


def test_the_processes_api_rejects_a_site_filter_of_another_organization(
    api_client_for, quality_manager, other_organization
):
    # given another organization's site
    theirs = SiteFactory(organization=other_organization)
    # when our quality manager filters processes by it
    response = api_client_for(quality_manager).get(
        f"/api/v1/organizations/processes/?site={theirs.pk}"
    )
    # then it is a bad filter value, exactly like an id that does not exist
    assert response.status_code == 400
    assert "site" in response.json()["errors"]


def test_a_form_validates_on_a_copy_and_leaves_the_object_as_stored(organization):
    # given a stored site
    site = SiteFactory(organization=organization, name="Sheffield works")
    # when an edit form validates new values (sent with the version it was rendered from)
    form = SiteForm(
        {"name": "Leeds works", "country": "GB", "version": site.version},
        instance=site,
        organization=organization,
    )
    assert form.is_valid(), form.errors
    # then the object the service will update still holds the stored name
    assert site.name == "Sheffield works"
    assert form.instance.name == "Leeds works"
    assert form.changed_data == ["name"]


def test_a_process_form_offers_only_the_organizations_sites(organization, other_organization):
    # given a site in each organization
    mine = SiteFactory(organization=organization)
    SiteFactory(organization=other_organization)
    # then the form's site choices are ours only
    assert list(ProcessForm(organization=organization).fields["site"].queryset) == [mine]
