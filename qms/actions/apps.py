from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "qms.actions"
    label = "actions"
    verbose_name = "Actions"

    def ready(self) -> None:
        pass
