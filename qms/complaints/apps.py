from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "qms.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu, cards)

        permissions.register()
        from . import reminders, workflows  # noqa: F401  (the complaint workflow)
        from .services import complaint_search_indexer_register

        complaint_search_indexer_register()
        reminders.register()
        from . import indicators

        indicators.register()
