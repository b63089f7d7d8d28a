from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "qms.context"
    label = "context"
    verbose_name = "Context of the organization"

    def ready(self) -> None:
        from . import events, navigation, permissions, reminders, workflows  # noqa: F401
        from .services import search_indexers_register

        permissions.register()
        reminders.register()
        search_indexers_register()
