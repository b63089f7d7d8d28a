from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "qms.readiness"
    label = "readiness"
    verbose_name = "Certification readiness"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)

        permissions.register()
        from . import navigation  # noqa: F401  (menu, card)
        from .selectors.states import register_defaults

        register_defaults()
