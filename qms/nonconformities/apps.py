from django.apps import AppConfig


class NonconformitiesConfig(AppConfig):
    name = "qms.nonconformities"
    label = "nonconformities"
    verbose_name = "Nonconformities"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)
        from .analysis import permissions as analysis_permissions

        permissions.register()
        analysis_permissions.register()
        from .services import nonconformity_search_indexer_register

        nonconformity_search_indexer_register()
