import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import qms.core.notifications


class Migration(migrations.Migration):
    dependencies = [("core", "0006_create_attachment")]

    operations = [
        migrations.CreateModel(
            name="Notification",
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
                        max_length=100,
                        validators=[qms.core.notifications.validate_kind],
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                (
                    "url",
                    models.CharField(
                        blank=True,
                        max_length=500,
                        validators=[qms.core.notifications.validate_local_path],
                        verbose_name="link",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read")),
                (
                    "emailed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="e-mailed"),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ReminderDelivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rule", models.CharField(max_length=100, verbose_name="rule")),
                ("key", models.CharField(max_length=200, verbose_name="key")),
                ("run_date", models.DateField(verbose_name="run for")),
                (
                    "delivered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="delivered"
                    ),
                ),
                (
                    "notification",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.notification",
                        verbose_name="notification",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
            ],
            options={
                "verbose_name": "reminder delivery",
                "verbose_name_plural": "reminder deliveries",
                "ordering": ["-delivered_at", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["recipient", "read_at", "-created_at", "-id"],
                name="core_notification_inbox",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminderdelivery",
            constraint=models.UniqueConstraint(
                fields=("rule", "key", "recipient"),
                name="core_reminderdelivery_unique_rule_key_recipient",
            ),
        ),
    ]
