"""System checks: every tenant model has registered permissions and a tenant-led index, and
every API view under TenantPermission says which model and which action it needs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from qms.accounts.models import ApiToken, Invitation, Membership, User
from qms.core.api.viewsets import TenantReadOnlyViewSet
from qms.core.audit import AuditEvent
from qms.core.checks import (
    api_routes,
    api_view_errors,
    check_api_views,
    check_tenant_models,
    tenant_models,
)
from qms.core.models import Sequence
from qms.core.permissions import (
    register_permissions,
    registered_permissions,
    unregister_permissions,
)
from qms.organizations.models import Organization, Process, Site


def test_the_project_passes_the_tenant_model_checks():
    # when
    errors = check_tenant_models()
    # then
    assert errors == []


def test_the_qms_checks_run_with_djangos_system_checks():
    # when
    errors = checks.run_checks()
    # then
    assert [error for error in errors if error.id.startswith("qms.")] == []


def test_tenant_models_are_every_model_read_through_for_user():
    # when
    models = set(tenant_models())
    # then
    assert {Site, Process, Membership, Invitation, AuditEvent} <= models
    assert not {Organization, User, ApiToken, Sequence} & models


def test_every_tenant_model_has_registered_permissions():
    # given
    registry = registered_permissions()
    # then
    for model in tenant_models():
        assert model._meta.label_lower in registry


@pytest.fixture
def without_site_permissions():
    """The registry without organizations.site, put back afterwards."""
    row = unregister_permissions("organizations.site")
    assert row is not None
    yield
    register_permissions("organizations.site", row)


def test_a_tenant_model_without_registered_permissions_is_an_error(without_site_permissions):
    # when
    errors = check_tenant_models()
    # then
    assert [(error.id, error.obj) for error in errors] == [("qms.E001", Site)]
    assert "organizations.site" in errors[0].msg
    assert "register_permissions" in errors[0].hint


def test_a_tenant_model_without_an_index_leading_with_the_organization_is_an_error(monkeypatch):
    # given
    monkeypatch.setattr(Process._meta, "indexes", [])
    # when
    errors = check_tenant_models()
    # then
    assert [(error.id, error.obj) for error in errors] == [("qms.E002", Process)]
    assert "organizations.process" in errors[0].msg


# --- qms.E003: fail closed at start-up ---------------------------------------------------------


def test_the_projects_api_views_pass_the_fail_closed_check():
    # when
    errors = check_api_views()
    # then
    assert errors == []


def test_the_api_walk_finds_the_routers_and_the_named_views():
    # when
    names = {name for name, _callback in api_routes()}
    # then
    assert {"root", "accounts-me", "organizations-site-list", "core-auditevent-detail"} <= names


def _route(view: Any, name: str = "throwaway") -> tuple[str, Any]:
    """A (name, callback) pair as the URL walk yields it."""
    if issubclass(view, viewsets.ViewSetMixin):
        return name, view.as_view({"get": "list"})
    return name, view.as_view()


def test_an_api_view_without_a_model_is_refused_at_start_up():
    # given a plain view guarded by the default TenantPermission, reading no model
    class Throwaway(APIView):
        def get(self, request: Any) -> Response:
            return Response({})

    # when
    errors = api_view_errors([_route(Throwaway)])
    # then
    assert [error.id for error in errors] == ["qms.E003"]
    assert "Throwaway" in errors[0].msg
    assert "no model" in errors[0].msg


def test_an_api_view_that_says_why_it_has_no_model_passes():
    # given
    class Throwaway(APIView):
        tenant_permission_exempt = "links only"

        def get(self, request: Any) -> Response:
            return Response({})

    # then
    assert api_view_errors([_route(Throwaway)]) == []


def test_an_api_view_not_guarded_by_tenant_permission_is_not_this_checks_business():
    # given
    class Throwaway(APIView):
        permission_classes = [IsAuthenticated]

        def get(self, request: Any) -> Response:
            return Response({})

    # then
    assert api_view_errors([_route(Throwaway)]) == []


def test_an_action_without_a_permission_action_is_refused_at_start_up():
    # given a viewset whose transition does not say which permission it needs
    class ThrowawayViewSet(TenantReadOnlyViewSet):
        queryset = Site.objects.none()

        @action(detail=True, methods=["post"])
        def close(self, request: Any, pk: str) -> Response:
            return Response({})

        @action(detail=True, methods=["post"], permission_action="change")
        def rename(self, request: Any, pk: str) -> Response:
            return Response({})

    # when
    errors = api_view_errors([_route(ThrowawayViewSet)])
    # then only the undeclared action is reported
    assert [error.id for error in errors] == ["qms.E003"]
    assert "@action close" in errors[0].msg
    assert "permission_action" in errors[0].hint


# --- The API root is read from the URLconf --------------------------------------------------


def test_the_api_root_links_every_router_and_named_view(api_client_for, quality_manager):
    # given every list route of the api namespace
    lists = {name.removesuffix("-list") for name, _cb in api_routes() if name.endswith("-list")}
    # when
    response = api_client_for(quality_manager).get("/api/v1/")
    # then each router is linked without a hand-kept table, beside the named views
    assert response.status_code == 200
    links = response.json()
    assert lists <= set(links)
    assert {"accounts-me", "organizations-current", "schema", "docs"} <= set(links)
    assert links["organizations-site"].endswith("/api/v1/organizations/sites/")
    assert not any(name.endswith("-detail") for name in links)
