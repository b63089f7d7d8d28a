"""The register's FilterSet: each request's filters are its own (the cheap copy of the
class's filters shares nothing a request changes), choices narrowed to the organization."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from qms.nonconformities.filtersets import NonconformityFilterSet
from qms.organizations.tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def filterset(organization: Any, **data: Any) -> NonconformityFilterSet:
    request = SimpleNamespace(organization=organization)
    return NonconformityFilterSet(data or None, request=request)


def test_each_request_sees_only_its_organizations_choices(organization, other_organization):
    ours = ProcessFactory(organization=organization)
    theirs = ProcessFactory(organization=other_organization)
    first = filterset(organization)
    second = filterset(other_organization)
    assert list(first.filters["process"].queryset) == [ours]
    assert list(second.filters["process"].queryset) == [theirs]
    assert first.filters["process"] is not second.filters["process"]
    assert (
        first.filters["process"].extra is not NonconformityFilterSet.base_filters["process"].extra
    )
    # the class's own filter was not narrowed by either request
    base = NonconformityFilterSet.base_filters["process"].queryset
    assert set(base) == {ours, theirs}


def test_a_method_filter_is_bound_to_its_own_filterset(organization):
    fs = filterset(organization, state="open")
    assert fs.filters["state"].parent is fs
    assert fs.is_valid() and fs.qs.model.__name__ == "Nonconformity"


def test_another_organizations_process_is_an_invalid_choice(organization, other_organization):
    theirs = ProcessFactory(organization=other_organization)
    fs = filterset(organization, process=str(theirs.pk))
    assert not fs.is_valid()
    assert "process" in fs.errors
