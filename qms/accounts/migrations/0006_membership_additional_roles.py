"""A member may hold further roles beside the primary one (`Membership.additional_roles`, a
list of role values). Existing members get none: what they may do is unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_throttle_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="additional_roles",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Further roles the member holds, beside the primary role.",
                verbose_name="additional roles",
            ),
        ),
    ]
