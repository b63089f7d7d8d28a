from django.apps import AppConfig


class InternalAuditsConfig(AppConfig):
    name = "qms.internal_audits"
    label = "internal_audits"
    verbose_name = "Internal audits"

    def ready(self) -> None:
        # checklists and findings belong to the checklist half (their events, permissions).
        from . import (  # noqa: F401
            calendar,
            checklists,
            events,
            findings,
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
