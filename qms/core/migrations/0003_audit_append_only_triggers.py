"""The database refuses UPDATE and DELETE on audit events (see qms/core/db/triggers.py)."""

from typing import Any

from django.db import migrations

from qms.core.db.triggers import create_audit_triggers, drop_audit_triggers


def create(apps: Any, schema_editor: Any) -> None:
    create_audit_triggers(schema_editor.connection)


def drop(apps: Any, schema_editor: Any) -> None:
    drop_audit_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_chain_mac_event_format"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
