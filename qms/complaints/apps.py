from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "qms.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        pass
