"""Choices owned by nonconformities (ISO 9001 §8.7 nonconforming output, §10.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NonconformitySource(models.TextChoices):
    """Where the nonconformity was found."""

    INTERNAL_AUDIT = "internal_audit", _("Internal audit")
    EXTERNAL_AUDIT = "external_audit", _("External audit")
    CUSTOMER_COMPLAINT = "customer_complaint", _("Customer complaint")
    SUPPLIER = "supplier", _("Supplier")
    PROCESS_MONITORING = "process_monitoring", _("Process monitoring")
    PRODUCT_INSPECTION = "product_inspection", _("Product inspection")
    MANAGEMENT_REVIEW = "management_review", _("Management review")


class Severity(models.TextChoices):
    """How serious it is (domain spec §3.3 grading)."""

    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")
    OBSERVATION = "observation", _("Observation")


class NonconformityStatus(models.TextChoices):
    """The steps of the corrective-action loop; changed only through the workflow."""

    REPORTED = "reported", _("Reported")
    CONTAINED = "contained", _("Containment recorded")
    ANALYSED = "analysed", _("Root cause analysed")
    PLANNED = "planned", _("Action plan agreed")
    IMPLEMENTED = "implemented", _("Actions implemented")
    VERIFIED = "verified", _("Effectiveness verified")
    CLOSED = "closed", _("Closed")


# Every state from which the record is still open (the close step may start from any).
OPEN_STATES: tuple[str, ...] = tuple(
    value for value in NonconformityStatus.values if value != NonconformityStatus.CLOSED
)
