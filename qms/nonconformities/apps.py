from django.apps import AppConfig


class NonconformitiesConfig(AppConfig):
    name = "qms.nonconformities"
    label = "nonconformities"
    verbose_name = "Nonconformities"

    def ready(self) -> None:
        pass
