"""Sign the existing audit chain heads with QMS_AUDIT_KEY (HMAC; see core/audit_keys.py)."""

from typing import Any

from django.db import migrations

from qms.core.audit_keys import head_mac


def sign(apps: Any, schema_editor: Any) -> None:
    chain_model = apps.get_model("core", "AuditChain")
    for head in chain_model.objects.using(schema_editor.connection.alias).all():
        head.mac = head_mac(head.key, head.last_sequence, head.last_hash)
        head.save(update_fields=["mac"])


def unsign(apps: Any, schema_editor: Any) -> None:
    chain_model = apps.get_model("core", "AuditChain")
    chain_model.objects.using(schema_editor.connection.alias).update(mac="")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_append_only_triggers"),
    ]

    operations = [migrations.RunPython(sign, unsign, elidable=False)]
