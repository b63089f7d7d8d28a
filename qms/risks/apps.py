from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "qms.risks"
    label = "risks"
    verbose_name = "Risks and opportunities"
