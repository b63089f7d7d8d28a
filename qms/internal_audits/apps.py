from django.apps import AppConfig


class InternalAuditsConfig(AppConfig):
    name = "qms.internal_audits"
    label = "internal_audits"
    verbose_name = "Internal audits"
