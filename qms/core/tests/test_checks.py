"""System checks that keep every tenant-scoped model in the matrix and indexed by tenant."""

from __future__ import annotations

from django.core import checks

from qms.accounts.models import ApiToken, Invitation, Membership, User
from qms.core.audit import AuditEvent
from qms.core.checks import check_tenant_models, tenant_models
from qms.core.models import Sequence
from qms.core.permissions import MATRIX
from qms.organizations.models import Organization, Process, Site


def test_the_project_passes_the_tenant_model_checks():
    # when
    errors = check_tenant_models()
    # then
    assert errors == []


def test_the_tenant_model_checks_run_with_djangos_system_checks():
    # when
    errors = checks.run_checks(tags=[checks.Tags.models])
    # then
    assert [error for error in errors if error.id.startswith("qms.")] == []


def test_tenant_models_are_every_model_read_through_for_user():
    # when
    models = set(tenant_models())
    # then
    assert {Site, Process, Membership, Invitation, AuditEvent} <= models
    assert not {Organization, User, ApiToken, Sequence} & models


def test_every_tenant_model_has_a_matrix_row():
    # then
    for model in tenant_models():
        assert model._meta.label_lower in MATRIX


def test_a_tenant_model_missing_from_the_matrix_is_an_error(monkeypatch):
    # given
    monkeypatch.delitem(MATRIX, "organizations.site")
    # when
    errors = check_tenant_models()
    # then
    assert [(error.id, error.obj) for error in errors] == [("qms.E001", Site)]
    assert "organizations.site" in errors[0].msg


def test_a_tenant_model_without_an_index_leading_with_the_organization_is_an_error(monkeypatch):
    # given
    monkeypatch.setattr(Process._meta, "indexes", [])
    # when
    errors = check_tenant_models()
    # then
    assert [(error.id, error.obj) for error in errors] == [("qms.E002", Process)]
    assert "organizations.process" in errors[0].msg
