"""The risk register entry of a nonconformity becomes a link to the risk register
(`risk`, risks.Risk) instead of free text.

The free text stays, untouched, in `risk_reference` (now read-only, "Risk (earlier free
text)"): a text that is exactly the number of a risk of the same organization (case and
surrounding spaces ignored) also becomes the link. The text is neither renamed nor emptied,
because a signature made before this migration covers it (Nonconformity.signature_fields):
changing it would show those signatures as broken. Backwards, a link made since becomes the
free text (the linked risk's number) where there is no text.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def link_risk_numbers(apps: Any, schema_editor: Any) -> None:
    Nonconformity = apps.get_model("nonconformities", "Nonconformity")
    Risk = apps.get_model("risks", "Risk")
    notes = Nonconformity.objects.exclude(risk_reference="").values_list(
        "pk", "organization_id", "risk_reference"
    )
    for pk, organization_id, note in notes.iterator():
        risk = (
            Risk.objects.filter(organization_id=organization_id, number__iexact=note.strip())
            .order_by("pk")
            .first()
        )
        if risk is not None:
            Nonconformity.objects.filter(pk=pk).update(risk=risk)


def unlink_risk_numbers(apps: Any, schema_editor: Any) -> None:
    Nonconformity = apps.get_model("nonconformities", "Nonconformity")
    linked = Nonconformity.objects.filter(risk__isnull=False, risk_reference="").values_list(
        "pk", "risk__number"
    )
    for pk, number in linked.iterator():
        Nonconformity.objects.filter(pk=pk).update(risk_reference=number[:100])


class Migration(migrations.Migration):
    dependencies = [
        ("nonconformities", "0002_create_root_cause_analysis"),
        ("risks", "0001_risk_register"),
    ]

    operations = [
        migrations.AlterField(
            model_name="nonconformity",
            name="risk_reference",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="risk (earlier free text)",
            ),
        ),
        migrations.AddField(
            model_name="nonconformity",
            name="risk",
            field=models.ForeignKey(
                blank=True,
                help_text="The entry of the risk register this nonconformity bears on, if any.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="nonconformities",
                to="risks.risk",
                verbose_name="risk register entry",
            ),
        ),
        migrations.RunPython(link_risk_numbers, unlink_risk_numbers),
    ]
