from django.apps import AppConfig


class ObjectivesConfig(AppConfig):
    name = "qms.objectives"
    label = "objectives"
    verbose_name = "Quality objectives"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)

        permissions.register()
        from . import importers, navigation, workflows  # noqa: F401  (menu, card, workflow)

        importers.register()
