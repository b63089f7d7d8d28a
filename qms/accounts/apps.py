from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qms.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu entries)
        from .api import schema  # noqa: F401  (Bearer scheme in the OpenAPI schema)

        permissions.register()
