from django.apps import AppConfig


class InternalAuditsConfig(AppConfig):
    name = "qms.internal_audits"
    label = "internal_audits"
    verbose_name = "Internal audits"

    def ready(self) -> None:
        from . import (  # noqa: F401
            calendar,
            events,
            indicators,
            navigation,
            permissions,
            reminders,
            workflows,
        )

        permissions.register()
        reminders.register()
        calendar.register()
        indicators.register()
