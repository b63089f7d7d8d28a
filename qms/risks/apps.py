from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "qms.risks"
    label = "risks"
    verbose_name = "Risks and opportunities"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)

        permissions.register()
