"""The full-text search index (qms/core/search.py): one table for every module, plus the
vendor's full-text structures (SQLite: FTS5 table and triggers; PostgreSQL: a weighted
generated tsvector column with a GIN index), created and dropped by RunPython."""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from qms.core.search import create_search_backend, drop_search_backend


def create(apps: Any, schema_editor: Any) -> None:
    create_search_backend(schema_editor.connection)


def drop(apps: Any, schema_editor: Any) -> None:
    drop_search_backend(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_create_import_run"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0001_create_tables"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("title", models.TextField(blank=True, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="updated"),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="type",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "ordering": ["organization", "content_type", "object_id"],
                "indexes": [
                    models.Index(
                        fields=["organization", "content_type", "object_id"],
                        name="core_searchentry_org_type",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id"),
                        name="core_searchentry_unique_object",
                    )
                ],
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
