"""The registry's tables (public certificates, status history, name words, lookup counts,
rate windows, signing keys), and on PostgreSQL its search structures:

- The search keys `name_key` and `NameWord.word` use the "C" collation (bytes order, as on
  SQLite), so their plain btrees serve prefix ranges (`>= 'acm' AND < 'acm\U0010ffff'`),
  `LIKE 'acm%'`, ordering and keyset pagination, the same way on both databases.
- `pg_trgm` and a trigram GIN index on `name_key`: company names found despite small typos
  (`name_key % 'acme widgest'`). SQLite has no typo tolerance.
"""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

_CREATE = (
    'ALTER TABLE registry_publiccertificate ALTER COLUMN name_key TYPE varchar(300) COLLATE "C"',
    'ALTER TABLE registry_nameword ALTER COLUMN word TYPE varchar(64) COLLATE "C"',
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_pubcert_name_trgm "
    "ON registry_publiccertificate USING gin (name_key gin_trgm_ops)",
)
_DROP = (
    "DROP INDEX IF EXISTS registry_pubcert_name_trgm",
    # The extension stays: other schemas may use it, and dropping it needs more rights.
    'ALTER TABLE registry_nameword ALTER COLUMN word TYPE varchar(64) COLLATE "default"',
    "ALTER TABLE registry_publiccertificate ALTER COLUMN name_key TYPE varchar(300) "
    'COLLATE "default"',
)


def create_postgresql_search(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _CREATE:
        schema_editor.execute(statement)


def drop_postgresql_search(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SigningKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.PositiveIntegerField(unique=True, verbose_name="sequence")),
                ("kid", models.CharField(max_length=40, unique=True, verbose_name="key id")),
                ("public_key", models.CharField(max_length=64, verbose_name="public key (base64)")),
                (
                    "valid_from",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="valid from"
                    ),
                ),
                ("retired_at", models.DateTimeField(blank=True, null=True, verbose_name="retired")),
            ],
            options={
                "verbose_name": "signing key",
                "verbose_name_plural": "signing keys",
                "ordering": ["sequence"],
            },
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "key",
                    models.CharField(
                        help_text='Stable key of the issuing body, e.g. "org:12" for one of this installation.',
                        max_length=64,
                        unique=True,
                        verbose_name="key",
                    ),
                ),
                ("name", models.CharField(max_length=300, verbose_name="name")),
                ("country", models.CharField(blank=True, max_length=2, verbose_name="country")),
                (
                    "accreditation_body",
                    models.CharField(blank=True, max_length=200, verbose_name="accreditation body"),
                ),
                (
                    "accreditation_number",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="accreditation number"
                    ),
                ),
                (
                    "recognition",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="recognition arrangement"
                    ),
                ),
                ("accredited", models.BooleanField(default=False, verbose_name="accredited")),
                (
                    "qr_generation",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="Raising it invalidates every QR token issued for this body so far.",
                        verbose_name="QR key generation",
                    ),
                ),
            ],
            options={
                "verbose_name": "certification body (registry)",
                "verbose_name_plural": "certification bodies (registry)",
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="RateWindow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("client", models.CharField(max_length=64, verbose_name="client hash")),
                (
                    "window",
                    models.BigIntegerField(
                        help_text="Minutes since the epoch.", verbose_name="minute"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="requests")),
            ],
            options={
                "verbose_name": "rate window",
                "verbose_name_plural": "rate windows",
                "ordering": ["window", "client"],
                "indexes": [models.Index(fields=["window"], name="registry_ratewindow_window")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("client", "window"), name="registry_ratewindow_unique_client"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PublicCertificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "record_id",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="certification identity number"
                    ),
                ),
                ("number", models.CharField(max_length=60, verbose_name="certificate number")),
                (
                    "number_key",
                    models.CharField(
                        editable=False, max_length=60, verbose_name="number (search key)"
                    ),
                ),
                ("revision", models.PositiveIntegerField(default=1, verbose_name="revision")),
                (
                    "holder_name",
                    models.CharField(max_length=300, verbose_name="certified organization"),
                ),
                (
                    "holder_trading_name",
                    models.CharField(blank=True, max_length=300, verbose_name="trading name"),
                ),
                (
                    "holder_id",
                    models.CharField(blank=True, max_length=64, verbose_name="certified entity id"),
                ),
                (
                    "name_key",
                    models.CharField(
                        editable=False, max_length=300, verbose_name="name (search key)"
                    ),
                ),
                ("country", models.CharField(blank=True, max_length=2, verbose_name="country")),
                ("address", models.TextField(blank=True, verbose_name="address")),
                ("sites", models.JSONField(blank=True, default=list, verbose_name="sites")),
                ("scope", models.TextField(blank=True, verbose_name="scope")),
                ("standards", models.JSONField(blank=True, default=list, verbose_name="standards")),
                (
                    "standards_key",
                    models.CharField(
                        blank=True,
                        editable=False,
                        max_length=1000,
                        verbose_name="standards (search key)",
                    ),
                ),
                ("iaf_codes", models.JSONField(blank=True, default=list, verbose_name="IAF codes")),
                (
                    "original_issue_date",
                    models.DateField(blank=True, null=True, verbose_name="original issue date"),
                ),
                ("issue_date", models.DateField(blank=True, null=True, verbose_name="issue date")),
                (
                    "expiry_date",
                    models.DateField(blank=True, null=True, verbose_name="expiry date"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("active", "active"),
                            ("suspended", "suspended"),
                            ("withdrawn", "withdrawn"),
                            ("cancelled", "cancelled"),
                            ("expired", "expired"),
                        ],
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("status_changed_on", models.DateField(verbose_name="status changed on")),
                (
                    "status_note",
                    models.CharField(blank=True, max_length=500, verbose_name="status note"),
                ),
                ("listed", models.BooleanField(default=False, verbose_name="listed publicly")),
                ("confidential", models.BooleanField(default=False, verbose_name="confidential")),
                (
                    "source",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certificates",
                        to="registry.source",
                        verbose_name="certification body",
                    ),
                ),
            ],
            options={
                "verbose_name": "public certificate",
                "verbose_name_plural": "public certificates",
                "ordering": ["name_key", "id"],
            },
        ),
        migrations.CreateModel(
            name="StatusChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("status", "status change"), ("revision", "reissue")],
                        default="status",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("active", "active"),
                            ("suspended", "suspended"),
                            ("withdrawn", "withdrawn"),
                            ("cancelled", "cancelled"),
                            ("expired", "expired"),
                        ],
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("on", models.DateField(verbose_name="date")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("revision", models.PositiveIntegerField(default=1, verbose_name="revision")),
                (
                    "recorded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="recorded"
                    ),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="history",
                        to="registry.publiccertificate",
                        verbose_name="certificate",
                    ),
                ),
            ],
            options={
                "verbose_name": "status change",
                "verbose_name_plural": "status changes",
                "ordering": ["certificate", "id"],
            },
        ),
        migrations.CreateModel(
            name="NameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=64, verbose_name="word")),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_words",
                        to="registry.publiccertificate",
                        verbose_name="certificate",
                    ),
                ),
            ],
            options={
                "verbose_name": "name word",
                "verbose_name_plural": "name words",
                "ordering": ["word", "certificate"],
                "indexes": [
                    models.Index(fields=["word", "certificate"], name="registry_nameword_word")
                ],
            },
        ),
        migrations.CreateModel(
            name="LookupCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="The first day of the month.", verbose_name="month"),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="lookups")),
                (
                    "certificate",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lookup_counts",
                        to="registry.publiccertificate",
                        verbose_name="certificate",
                    ),
                ),
            ],
            options={
                "verbose_name": "lookup count",
                "verbose_name_plural": "lookup counts",
                "ordering": ["certificate", "-month"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("certificate", "month"), name="registry_lookupcount_unique_month"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="publiccertificate",
            index=models.Index(fields=["number_key"], name="registry_pubcert_number"),
        ),
        migrations.AddIndex(
            model_name="publiccertificate",
            index=models.Index(fields=["name_key", "id"], name="registry_pubcert_name"),
        ),
        migrations.AddIndex(
            model_name="publiccertificate",
            index=models.Index(
                fields=["country", "name_key", "id"], name="registry_pubcert_country"
            ),
        ),
        migrations.AddIndex(
            model_name="publiccertificate",
            index=models.Index(fields=["status", "name_key", "id"], name="registry_pubcert_status"),
        ),
        migrations.AddIndex(
            model_name="publiccertificate",
            index=models.Index(fields=["source", "name_key", "id"], name="registry_pubcert_source"),
        ),
        migrations.AddConstraint(
            model_name="publiccertificate",
            constraint=models.UniqueConstraint(
                fields=("source", "number_key"), name="registry_publiccertificate_unique_number"
            ),
        ),
        migrations.AddIndex(
            model_name="statuschange",
            index=models.Index(fields=["certificate", "id"], name="registry_statuschange_cert"),
        ),
        migrations.RunPython(create_postgresql_search, drop_postgresql_search),
    ]
