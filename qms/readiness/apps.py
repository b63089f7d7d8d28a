from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "qms.readiness"
    label = "readiness"
    verbose_name = "Certification readiness"
