from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "qms.risks"
    label = "risks"
    verbose_name = "Risks and opportunities"

    def ready(self) -> None:
        from qms.actions.origins import register_origin_rule

        from . import events, importers, navigation, permissions, reminders, workflows  # noqa: F401
        from .models import Risk
        from .services import risk_search_indexer_register, risk_takes_no_actions

        permissions.register()
        reminders.register()
        importers.register()
        register_origin_rule(Risk, risk_takes_no_actions)
        risk_search_indexer_register()
