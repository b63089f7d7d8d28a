from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "qms.surveys"
    label = "surveys"
    verbose_name = "Customer surveys"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu, card)

        permissions.register()
        from . import tasks, workflows  # noqa: F401  (the survey workflow, the e-mail task)
