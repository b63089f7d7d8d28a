from django.apps import AppConfig


class AccessGrantsConfig(AppConfig):
    name = "qms.access_grants"
    label = "access_grants"
    verbose_name = "External auditor access"
