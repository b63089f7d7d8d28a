from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qms.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import cards, checks, permissions  # noqa: F401  (dashboard cards and checks)

        permissions.register()
        from .imports import permissions as import_permissions

        import_permissions.register()
