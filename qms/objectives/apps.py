from django.apps import AppConfig


class ObjectivesConfig(AppConfig):
    name = "qms.objectives"
    label = "objectives"
    verbose_name = "Quality objectives"
