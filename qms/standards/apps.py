from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "qms.standards"
    label = "standards"
    verbose_name = "Standards"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu entries)

        permissions.register()
