from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qms.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import cards, checks, permissions  # noqa: F401  (dashboard cards and checks)

        permissions.register()
