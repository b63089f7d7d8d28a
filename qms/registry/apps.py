from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """The public certificate registry: verification by number, company name or QR code.

    Public and read-only: no log-in, no tenant. It keeps its own read model
    (`PublicCertificate`), fed through `qms.registry.services.publish_certificate` by the
    certification app of this installation, by bulk imports and by other certification bodies
    through the publish API; it never reads certification tables.
    """

    name = "qms.registry"
    label = "registry"
    verbose_name = "Certificate registry"

    def ready(self) -> None:
        from . import events, imports  # noqa: F401  (events registers the audit event types)

        imports.register()  # the CertSearch importer and who may import and export
