"""Migrations are named, reversible, complete and run on this database (convention 14)."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

from qms.core.management.commands.check_migration_names import _AUTO
from qms.organizations import services
from qms.organizations.models import Organization, Site

QMS_APPS = sorted(
    config.label for config in apps.get_app_configs() if config.name.startswith("qms.")
)


def qms_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        migration
        for (app, _name), migration in sorted(loader.disk_migrations.items())
        if app in QMS_APPS
    ]


def qms_tables():
    tables = set(connection.introspection.table_names())
    return {
        model._meta.db_table
        for label in QMS_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.db_table in tables
    }


def all_qms_tables():
    return {
        model._meta.db_table
        for label in QMS_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_every_qms_app_has_migrations():
    # when
    migrated = {migration.app_label for migration in qms_migrations()}
    # then
    assert migrated == set(QMS_APPS)


def test_every_migration_operation_can_be_reversed():
    # then
    for migration in qms_migrations():
        for operation in migration.operations:
            assert operation.reversible, f"{migration.app_label}.{migration.name}: {operation}"
            if isinstance(operation, RunPython):
                assert operation.reverse_code is not None
            if isinstance(operation, RunSQL):
                assert operation.reverse_sql is not None


def test_migration_names_are_chosen_not_automatic():
    # when
    stdout = io.StringIO()
    call_command("check_migration_names", stdout=stdout)
    # then
    assert stdout.getvalue() == "Migration names OK.\n"
    for migration in qms_migrations():
        assert not _AUTO.match(migration.name), migration.name


def test_the_automatic_name_pattern_catches_djangos_default_names():
    # then
    assert _AUTO.match("0002_auto_20260101_1230")
    assert _AUTO.match("0001_initial_1")
    assert not _AUTO.match("0001_create_tables")
    assert not _AUTO.match("0003_add_site_employees")


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    # when / then: makemigrations --check exits 1 when a migration is missing
    call_command("makemigrations", *QMS_APPS, check=True, dry_run=True, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_every_qms_migration_runs_backwards_to_zero_and_forwards_again():
    # given a database holding data
    organization = services.organization_create(actor=None, data={"name": "Acme", "slug": "acme"})
    services.site_create(actor=None, organization=organization, data={"name": "Sheffield works"})
    assert qms_tables() == all_qms_tables()
    try:
        # when every qms app is migrated to zero, dependants first (the public registry
        # depends on none of the tenant apps, so it goes on its own)
        for label in ("registry", "core", "organizations", "accounts"):
            call_command("migrate", label, "zero", verbosity=0, interactive=False)
        # then
        assert qms_tables() == set()
    finally:
        # when migrated forwards again
        call_command("migrate", verbosity=0, interactive=False)
    # then the schema is whole and usable
    assert qms_tables() == all_qms_tables()
    assert not Organization.objects.exists()
    organization = services.organization_create(actor=None, data={"name": "Acme", "slug": "acme"})
    services.site_create(actor=None, organization=organization, data={"name": "Sheffield works"})
    assert Site.objects.get().organization == organization
