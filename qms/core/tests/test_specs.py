"""One field spec per model: the form, the serializers, the service allow-list, the list
columns and the detail page all read the same declaration, so they cannot drift apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from qms.core.specs import ModelSpec, SpecReadSerializer, SpecWriteSerializer, check_form
from qms.core.tables import Column
from qms.organizations import services, views
from qms.organizations.api import serializers
from qms.organizations.api import views as api_views
from qms.organizations.forms import OrganizationForm, ProcessForm, SiteForm
from qms.organizations.models import Organization, Site
from qms.organizations.specs import ORGANIZATION, PROCESS, SITE


@pytest.mark.parametrize(
    ("spec", "form"), [(ORGANIZATION, OrganizationForm), (SITE, SiteForm), (PROCESS, ProcessForm)]
)
def test_each_form_edits_exactly_the_fields_of_its_spec(spec: ModelSpec[Any], form: Any) -> None:
    # when / then
    check_form(spec, form)
    assert list(form.base_fields) == list(spec.fields)


@pytest.mark.parametrize(
    ("spec", "read", "write"),
    [
        (ORGANIZATION, serializers.OrganizationSerializer, serializers.OrganizationWriteSerializer),
        (SITE, serializers.SiteSerializer, serializers.SiteWriteSerializer),
        (PROCESS, serializers.ProcessSerializer, serializers.ProcessWriteSerializer),
    ],
)
def test_the_serializers_follow_the_spec(spec: ModelSpec[Any], read: Any, write: Any) -> None:
    # when
    read_fields = read().fields
    write_fields = write().fields
    # then the read side shows id, the editable and the read-only fields, all read-only
    assert {"id", *spec.fields, *spec.read_only} <= set(read_fields)
    assert all(field.read_only for field in read_fields.values())
    # and the write side takes the editable fields and the version the change is based on
    assert set(write_fields) == {*spec.fields, "version"}
    assert "If-Match" in write_fields["version"].help_text


def test_the_services_allow_exactly_the_spec_fields() -> None:
    # then
    assert services.SITE_FIELDS == SITE.fields
    assert services.PROCESS_FIELDS == PROCESS.fields
    assert services.ORGANIZATION_FIELDS == ORGANIZATION.fields


def test_the_pages_take_model_columns_detail_and_form_from_the_spec() -> None:
    # then
    assert views.SiteListView.columns == SITE.columns
    assert views.SiteDetailView.model is Site
    assert views.SiteDetailView.fields == SITE.detail
    assert list(views.SiteCreateView.form_class.base_fields) == list(SITE.fields)
    assert views.ProcessUpdateView.update_service is services.process_update
    assert views.ProcessDeleteView.delete_service is services.process_delete


def test_the_viewsets_name_their_model_through_an_empty_queryset() -> None:
    # then: only for_user() reads data; the class-level queryset only names the model
    for viewset, spec in ((api_views.SiteViewSet, SITE), (api_views.ProcessViewSet, PROCESS)):
        assert viewset.queryset.model is spec.model
        assert viewset.queryset.query.is_empty()


def test_a_spec_naming_a_field_the_model_does_not_have_fails_at_import() -> None:
    # when / then
    with pytest.raises(ImproperlyConfigured, match="nickname"):
        ModelSpec(model=Site, fields=("name", "nickname"))


def test_the_detail_rows_default_to_the_columns_then_the_other_fields() -> None:
    # when
    spec = ModelSpec(model=Site, fields=("name", "address"), columns=(Column("name"),))
    # then
    assert [column.name for column in spec.detail] == ["name", "address", "updated_at"]


def test_a_hand_written_form_that_drifts_from_its_spec_fails_loudly() -> None:
    # when / then
    with pytest.raises(ImproperlyConfigured):
        check_form(ModelSpec(model=Organization, fields=("name",)), OrganizationForm)


def test_a_spec_serializer_declares_its_meta_from_the_spec() -> None:
    # given
    class NameOnly(SpecReadSerializer):
        spec = ModelSpec(model=Site, fields=("name",), read_only=("version",))

    class NameOnlyWrite(SpecWriteSerializer):
        spec = ModelSpec(model=Site, fields=("name",), read_only=("version",))

    # then
    assert list(NameOnly().fields) == ["id", "name", "version"]
    assert list(NameOnlyWrite().fields) == ["name", "version"]
