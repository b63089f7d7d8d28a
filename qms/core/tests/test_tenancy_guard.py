"""Tenancy that cannot be bypassed by accident (core/querysets.py).

A tenant model's default manager refuses to evaluate a query that names no organization
when the code asking is not core machinery, a service, a selector, demo data, a migration or
a test; scoped queries carry a flag and pay no inspection. Writes that bypass `save()` are
announced on `tenant_rows_written`. And `qms.core` imports no domain app: the tenant model
is a setting (`TENANT_MODEL`).
"""

from __future__ import annotations

import ast
import types
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from qms.core.querysets import (
    UnscopedQueryError,
    get_tenant_model,
    tenant_rows_written,
)
from qms.organizations.models import Organization, Process, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

_CODE = """
def read_all(model):
    return list(model.objects.all())


def count_by_name(model, name):
    return model.objects.filter(name=name).count()


def read_scoped(model, user, organization):
    return list(model.objects.for_user(user, "view", organization=organization))


def read_organization(model, organization):
    return (
        list(model.objects.filter(organization=organization).order_by("name"))
        + list(model.objects.for_organization(organization.pk))
        + list(model.objects.filter(organization_id__in=[organization.pk]))
        + list(model.objects.none())
    )


def read_through_parent(site):
    return list(site.processes.all())


def render_unscoped(model):
    from django.template import Context, Template

    return Template("{% for row in rows %}{{ row }}{% endfor %}").render(
        Context({"rows": model.objects.all()})
    )
"""


def _module(name: str) -> Any:
    """The helper functions above, as if they were written in module `name`."""
    module = types.ModuleType(name)
    module.__file__ = f"/{name.replace('.', '/')}.py"
    exec(compile(_CODE, module.__file__, "exec"), module.__dict__)  # noqa: S102
    return module


@pytest.fixture
def view_module() -> Any:
    return _module("qms.organizations.views")


@pytest.mark.django_db
def test_an_unscoped_read_in_a_view_is_refused_naming_the_model_and_the_line(view_module):
    # given a site of some organization
    SiteFactory()
    # when a view reads every site
    with pytest.raises(UnscopedQueryError) as refused:
        view_module.read_all(Site)
    # then the error says which model, where, and what to do instead
    message = str(refused.value)
    assert "organizations.Site" in message
    assert "qms.organizations.views, line 3" in message
    assert "selector" in message


@pytest.mark.django_db
def test_counting_and_templates_are_refused_too(view_module):
    # then: any evaluation counts, also one that happens inside a template
    with pytest.raises(UnscopedQueryError):
        view_module.count_by_name(Process, "Casting")
    with pytest.raises(UnscopedQueryError, match=r"qms\.organizations\.views"):
        view_module.render_unscoped(Site)


def test_reads_scoped_to_one_organization_are_allowed_anywhere(
    view_module, quality_manager, organization, other_organization
):
    # given a site and a process in each organization
    site = SiteFactory(organization=organization, name="Sheffield")
    process = ProcessFactory(organization=organization, site=site)
    SiteFactory(organization=other_organization)
    # when a view reads through for_user, for_organization, an organization filter, a parent
    scoped = view_module.read_scoped(Site, quality_manager, organization)
    narrowed = view_module.read_organization(Site, organization)
    children = view_module.read_through_parent(site)
    # then it gets exactly the organization's rows
    assert scoped == [site]
    assert narrowed == [site, site, site]
    assert children == [process]


@pytest.mark.parametrize(
    "name",
    [
        "qms.organizations.services",
        "qms.accounts.services.tokens",
        "qms.organizations.selectors",
        "qms.organizations.demo",
        "qms.organizations.migrations.0003_fill",
        "qms.organizations.tests.test_views",
        "qms.organizations.tests.factories",
        "qms.core.views.generic",
        "test_something",
    ],
)
@pytest.mark.django_db
def test_services_selectors_demo_migrations_tests_and_core_may_read_unscoped(name):
    # given
    SiteFactory()
    # when / then
    assert len(_module(name).read_all(Site)) == 1


@pytest.mark.django_db
def test_scoped_querysets_keep_their_flag_through_chaining_so_they_pay_no_inspection():
    # given
    organization = SiteFactory().organization
    # when
    chained = (
        Site.objects.for_organization(organization)
        .filter(name__startswith="S")
        .exclude(country="")
        .select_related("organization")
        .order_by("name")
        .values("id")
    )
    # then
    assert chained._qms_scoped is True
    assert Site.objects.filter(name="x")._qms_scoped is False
    assert list(Site.objects.for_organization(None)) == []
    assert Site.objects.exclude(organization=organization)._qms_scoped is False
    assert Site.objects.filter(organization__name__icontains="a")._qms_scoped is False
    assert Site.objects.filter(organization__slug="acme")._qms_scoped is True


def test_the_staff_only_admin_lists_tenant_rows(db, organization):
    # given a superuser and a site
    from qms.accounts.tests.factories import UserFactory

    admin = UserFactory(email="admin@example.test", is_staff=True, is_superuser=True)
    SiteFactory(organization=organization, name="Sheffield works")
    client = Client()
    client.force_login(admin)
    # when
    response = client.get("/admin/organizations/site/")
    # then
    assert response.status_code == 200
    assert b"Sheffield works" in response.content


# --- tenant_rows_written: the hook of the test-time audit guard -------------------------------


@pytest.fixture
def writes() -> Any:
    seen: list[tuple[Any, str, int]] = []

    def receiver(sender: Any, operation: str, rows: int, **kwargs: Any) -> None:
        seen.append((sender, operation, rows))

    tenant_rows_written.connect(receiver, weak=False)
    yield seen
    tenant_rows_written.disconnect(receiver)


def test_bulk_writes_on_tenant_rows_are_announced(writes, organization):
    # given
    sites = [SiteFactory(organization=organization) for _ in range(2)]
    # when
    Site.objects.filter(organization=organization).update(employees=3)
    for site in sites:
        site.employees = 5
    Site.objects.bulk_update(sites, ["employees"])
    Site.objects.bulk_create([Site(organization=organization, name="Leeds")])
    Site.objects.filter(organization=organization, name="Leeds").delete()
    # then each write names the model, the operation and how many rows it touched
    assert writes == [
        (Site, "update", 2),
        (Site, "bulk_update", 2),
        (Site, "bulk_create", 1),
        (Site, "delete", 1),
    ]


# --- core imports no domain app ----------------------------------------------------------------


def test_the_tenant_model_is_a_setting():
    # then
    assert settings.TENANT_MODEL == "organizations.Organization"
    assert get_tenant_model() is Organization
    assert Site._meta.get_field("organization").related_model is Organization


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_core_imports_no_module_of_another_qms_app():
    # given every non-test module of qms.core
    core = Path(__file__).resolve().parents[1]
    modules = [
        path
        for path in core.rglob("*.py")
        if "tests" not in path.relative_to(core).parts and "migrations" not in path.parts
    ]
    assert len(modules) > 20
    # when their imports are read
    offending = {
        f"{path.relative_to(core)}: {name}"
        for path in modules
        for name in _imports(path)
        if name.startswith("qms.") and not name.startswith(("qms.core", "qms.env"))
    }
    # then none names another app of the product
    assert offending == set()


_VIEWSET_CODE = """
from qms.core.api.viewsets import TenantReadOnlyViewSet
from qms.organizations.api.serializers import SiteSerializer
from qms.organizations.models import Site


class LeakyViewSet(TenantReadOnlyViewSet):
    queryset = Site.objects.none()
    serializer_class = SiteSerializer

    def get_queryset(self):
        return Site.objects.order_by("name")  # forgot for_user()
"""


def test_an_unscoped_get_queryset_evaluated_by_the_generic_list_is_refused(
    quality_manager, organization, other_organization
):
    # given a module's viewset whose get_queryset forgot the organization, and a site of
    # another organization it would show
    from rest_framework.test import APIRequestFactory, force_authenticate

    SiteFactory(organization=other_organization, name="Northwind foundry")
    module = types.ModuleType("qms.organizations.api.leaky")
    exec(compile(_VIEWSET_CODE, "/qms/organizations/api/leaky.py", "exec"), module.__dict__)  # noqa: S102
    request = APIRequestFactory().get("/api/v1/organizations/sites/")
    membership = quality_manager.memberships.select_related("organization").get()
    request.membership, request.organization = membership, organization
    force_authenticate(request, user=quality_manager)
    # when DRF's and core's generic list code evaluates it, then nobody vouches for it
    with pytest.raises(UnscopedQueryError, match=r"organizations\.Site"):
        module.LeakyViewSet.as_view({"get": "list"})(request)


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for child in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_accounts_imports_organizations_for_type_checking_only():
    # given every non-test module of qms.accounts
    accounts = Path(__file__).resolve().parents[2] / "accounts"
    modules = [
        path
        for path in accounts.rglob("*.py")
        if "tests" not in path.relative_to(accounts).parts and "migrations" not in path.parts
    ]
    # when their run-time imports are read
    offending = {
        f"{path.relative_to(accounts)}: {name}"
        for path in modules
        for name in _runtime_imports(path)
        if name.startswith("qms.organizations")
    }
    # then accounts reaches the tenant only through settings.TENANT_MODEL
    assert offending == set()
