from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "qms.context"
    label = "context"
    verbose_name = "Context of the organization"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
