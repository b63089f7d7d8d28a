from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "qms.organizations"
    label = "organizations"
    verbose_name = "Organizations"

    def ready(self) -> None:
        from . import events, navigation  # noqa: F401  (registers event types and menu entries)
