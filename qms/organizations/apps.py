from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "qms.organizations"
    label = "organizations"
    verbose_name = "Organizations"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu entries)

        permissions.register()
        from . import (
            importers,
            workflows,  # noqa: F401  (the process workflow)
        )

        importers.register()
