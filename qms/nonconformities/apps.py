from django.apps import AppConfig


class NonconformitiesConfig(AppConfig):
    name = "qms.nonconformities"
    label = "nonconformities"
    verbose_name = "Nonconformities"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu, cards)
        from .analysis import permissions as analysis_permissions

        permissions.register()
        analysis_permissions.register()
        from . import workflows  # noqa: F401  (the nonconformity workflow)
        from .services import nonconformity_search_indexer_register

        nonconformity_search_indexer_register()
