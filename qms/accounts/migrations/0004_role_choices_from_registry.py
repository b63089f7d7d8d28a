"""Roles come from the permission registry (`role_choices`), so an app that registers a role
(e.g. a certification body's lead auditor) needs no migration of accounts."""

from django.db import migrations, models

import qms.core.permissions


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_add_version"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="role",
            field=models.CharField(
                choices=qms.core.permissions.role_choices, max_length=32, verbose_name="role"
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=qms.core.permissions.role_choices, max_length=32, verbose_name="role"
            ),
        ),
    ]
