from django.apps import AppConfig


class ManagementReviewsConfig(AppConfig):
    name = "qms.management_reviews"
    label = "management_reviews"
    verbose_name = "Management reviews"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)

        permissions.register()
        from . import navigation, reminders, workflows  # noqa: F401  (menu, workflow)
        from .sections import catalogue  # noqa: F401  (the §9.3.2 sections)

        reminders.register()
        from .services import search_indexer_register

        search_indexer_register()
