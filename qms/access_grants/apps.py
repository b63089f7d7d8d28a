from django.apps import AppConfig


class AccessGrantsConfig(AppConfig):
    name = "qms.access_grants"
    label = "access_grants"
    verbose_name = "External auditor access"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)

        permissions.register()
        from . import navigation, registry, workflows  # noqa: F401  (menu, record types, steps)

        registry.register()
        from qms.accounts.middleware import register_outside_home

        from .selectors import outside_home

        register_outside_home(outside_home)
