"""Shared fixtures: personas in two organizations, logged-in clients, API clients.

Acme is "our" organization with one person per role; Northwind is the other tenant, whose
quality manager (`outsider`) holds every permission there and none here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from qms.accounts import services as account_services
from qms.accounts.models import User
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.permissions import Role
from qms.organizations.models import Organization
from qms.organizations.tests.factories import OrganizationFactory


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The public registry answers from the database at once: no per-process memory of
    # numbers, lookup counts written as they happen.
    settings.REGISTRY_LOOKUP_FLUSH_SECONDS = 0
    settings.REGISTRY_LOOKUP_CACHE_SECONDS = 0


@pytest.fixture
def organization(db: Any) -> Organization:
    return OrganizationFactory(name="Acme Gauges Ltd", slug="acme")


@pytest.fixture
def other_organization(db: Any) -> Organization:
    return OrganizationFactory(name="Northwind Castings", slug="northwind")


def _member(organization: Organization, role: str, email: str) -> User:
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(email=email)
    ).user


@pytest.fixture
def owner(organization: Organization) -> User:
    return _member(organization, Role.OWNER, "owner@acme.test")


@pytest.fixture
def quality_manager(organization: Organization) -> User:
    return _member(organization, Role.QUALITY_MANAGER, "quality@acme.test")


@pytest.fixture
def process_owner(organization: Organization) -> User:
    return _member(organization, Role.PROCESS_OWNER, "process@acme.test")


@pytest.fixture
def auditor(organization: Organization) -> User:
    return _member(organization, Role.INTERNAL_AUDITOR, "auditor@acme.test")


@pytest.fixture
def employee(organization: Organization) -> User:
    return _member(organization, Role.EMPLOYEE, "employee@acme.test")


@pytest.fixture
def viewer(organization: Organization) -> User:
    return _member(organization, Role.VIEWER, "viewer@acme.test")


@pytest.fixture
def outsider(other_organization: Organization) -> User:
    """Quality manager of the other organization: every permission there, none here."""
    return _member(other_organization, Role.QUALITY_MANAGER, "quality@northwind.test")


@pytest.fixture
def stranger(db: Any) -> User:
    """An account without any organization."""
    return UserFactory(email="stranger@example.test")


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A browser-like client logged in as the user (anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for() -> Callable[[User | None], APIClient]:
    """An API client sending a fresh Bearer token of the user (anonymous for None)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            membership = user.memberships.select_related("organization").first()
            assert membership is not None, f"{user} has no organization"
            _token, secret = account_services.token_create(
                actor=user, user=user, organization=membership.organization, name="test"
            )
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


# --- Audit trail (qms/core/db/audit_hook.py, qms/core/db/triggers.py) --------------------


@pytest.fixture(autouse=True)
def _audit_flush_at_service_exit(request: pytest.FixtureRequest) -> Any:
    """Inside pytest-django's TestCase transaction nothing commits, so the queued audit events
    are appended when a service's outermost atomic() exits, as a commit would."""
    if "_django_db_helper" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    previous = getattr(connection, "audit_flush_depth", None)
    if connection.in_atomic_block:
        connection.audit_flush_depth = len(connection.savepoint_ids)
    yield
    connection.audit_flush_depth = previous


@pytest.fixture(scope="session", autouse=True)
def _audit_triggers_step_aside_for_flush() -> Any:
    """pytest-django empties the tables after a transactional test (TRUNCATE or DELETE), which
    the append-only triggers refuse. Only here, in the test run, the flush drops them first
    and recreates them in the same transaction."""
    from django.db import connection, transaction

    from qms.core.db.triggers import TABLE, create_audit_triggers, drop_audit_triggers

    ops_class = type(connection.ops)
    original = ops_class.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        if not any(TABLE in sql for sql in sql_list):
            original(self, sql_list)
            return
        with transaction.atomic(using=self.connection.alias):
            drop_audit_triggers(self.connection)
            original(self, sql_list)
            create_audit_triggers(self.connection)

    ops_class.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign,assignment]
    yield
    ops_class.execute_sql_flush = original  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "unaudited: the test writes tenant rows without an audit event on purpose "
        "(turns off the audit guard, qms/core/testing/audit_guard.py)",
    )


@pytest.fixture(autouse=True)
def _audit_guard(request: pytest.FixtureRequest) -> Any:
    """Fail a test in which a tenant row is written without an audit event in the same
    transaction (factories and @pytest.mark.unaudited are exempt)."""
    if request.node.get_closest_marker("unaudited") is not None:
        yield
        return
    from qms.core.testing.audit_guard import audit_guard

    with audit_guard() as guard:
        yield
    if guard.violations:
        pytest.fail(guard.report(), pytrace=False)
