from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "qms.surveys"
    label = "surveys"
    verbose_name = "Customer surveys"

    def ready(self) -> None:
        pass
