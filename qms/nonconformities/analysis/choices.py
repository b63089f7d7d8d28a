"""Choices of the root-cause analysis and of the disposition of nonconforming output."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CauseCategory(models.TextChoices):
    """The 6M categories of an Ishikawa (fishbone) diagram, also the category of a root cause
    (so repeat nonconformities can be grouped by cause)."""

    MAN = "man", _("People (man)")
    MACHINE = "machine", _("Machine")
    METHOD = "method", _("Method")
    MATERIAL = "material", _("Material")
    MEASUREMENT = "measurement", _("Measurement")
    ENVIRONMENT = "environment", _("Environment (mother nature)")


class DispositionKind(models.TextChoices):
    """What is done with nonconforming output (ISO 9001 §8.7)."""

    USE_AS_IS = "use_as_is", _("Use as is under concession")
    REWORK = "rework", _("Rework")
    REPAIR = "repair", _("Repair")
    SCRAP = "scrap", _("Scrap")
    RETURN_TO_SUPPLIER = "return_to_supplier", _("Return to supplier")


class DispositionStatus(models.TextChoices):
    """A disposition stands until it is voided (with a reason); it is never deleted."""

    VALID = "valid", _("Valid")
    VOIDED = "voided", _("Voided")
