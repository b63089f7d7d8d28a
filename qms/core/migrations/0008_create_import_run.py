import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_create_notification"),
        ("organizations", "0002_version_status_countries_ci_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportRun",
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
                ("kind", models.CharField(max_length=100, verbose_name="import")),
                ("dry_run", models.BooleanField(default=True, verbose_name="dry run")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("succeeded", "Imported"),
                            ("failed", "Failed: nothing imported"),
                            ("dry_run_ok", "Dry run: ready to import"),
                            ("dry_run_failed", "Dry run: errors found"),
                        ],
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("file_name", models.CharField(max_length=255, verbose_name="file")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("rows_total", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("rows_created", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("rows_updated", models.PositiveIntegerField(default=0, verbose_name="updated")),
                (
                    "rows_unchanged",
                    models.PositiveIntegerField(default=0, verbose_name="unchanged"),
                ),
                (
                    "rows_error",
                    models.PositiveIntegerField(default=0, verbose_name="rows with errors"),
                ),
                ("report", models.JSONField(blank=True, default=dict, verbose_name="report")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="imported by",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "import run",
                "verbose_name_plural": "import runs",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["organization", "kind", "-created_at", "-id"],
                        name="core_importrun_org_kind",
                    )
                ],
            },
        ),
    ]
