from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "qms.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu entries)

        permissions.register()
        from . import workflows  # noqa: F401  (revision and document workflows)
        from .services.documents import document_search_indexer_register

        document_search_indexer_register()
        from . import importers, reminders  # "docread": reminder rules, document import

        reminders.register()
        importers.register()
        from . import indicators

        indicators.register()
