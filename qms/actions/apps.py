from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "qms.actions"
    label = "actions"
    verbose_name = "Actions"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu entries)

        permissions.register()
        navigation.register()
        from . import calendar, reminders, workflows  # noqa: F401  (the action workflow)

        reminders.register()
        calendar.register()
        from . import indicators

        indicators.register()
