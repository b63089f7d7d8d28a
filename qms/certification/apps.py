from django.apps import AppConfig


class CertificationConfig(AppConfig):
    """The certification body's back office (ISO/IEC 17021-1): accreditation, clients,
    applications, audit time (IAF MD 5) and the 3-year audit programme.

    The app is large, so its code is in one package per area (body, clients, audit_time,
    programme), each with the same skeleton (services, selectors, rules, forms, views, urls,
    api, setup); models are one package.
    """

    name = "qms.certification"
    label = "certification"
    verbose_name = "Certification"

    def ready(self) -> None:
        from . import navigation, permissions
        from .audit_time import setup as audit_time_setup
        from .audits import setup as audits_setup
        from .body import setup as body_setup
        from .certificates import setup as certificates_setup
        from .clients import setup as clients_setup
        from .portal import setup as portal_setup
        from .programme import setup as programme_setup
        from .reports import setup as reports_setup

        permissions.register()
        navigation.register()
        for area in (
            body_setup,
            clients_setup,
            audit_time_setup,
            programme_setup,
            audits_setup,
            portal_setup,
            reports_setup,
            certificates_setup,
        ):
            area.register()
