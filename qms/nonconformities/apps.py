from django.apps import AppConfig


class NonconformitiesConfig(AppConfig):
    name = "qms.nonconformities"
    label = "nonconformities"
    verbose_name = "Nonconformities"

    def ready(self) -> None:
        from . import events, navigation, permissions  # noqa: F401  (event types, menu, cards)
        from .analysis import permissions as analysis_permissions

        permissions.register()
        analysis_permissions.register()
        from . import workflows  # noqa: F401  (the nonconformity workflow)
        from .services import nonconformity_search_indexer_register

        nonconformity_search_indexer_register()
        from . import indicators

        indicators.register()
        from django.utils.translation import gettext_lazy as _

        from qms.risks.links import register_risk_link_source

        from .selectors import nonconformities_of_risk

        register_risk_link_source(
            "nonconformities", _("Nonconformities pointing at this risk"), nonconformities_of_risk
        )
