from django.apps import AppConfig


class CertificationConfig(AppConfig):
    """The certification body's back office (ISO/IEC 17021-1): accreditation, clients,
    applications, audit time (IAF MD 5) and the 3-year audit programme."""

    name = "qms.certification"
    label = "certification"
    verbose_name = "Certification"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
