"""Choices owned by management reviews (ISO 9001 §9.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PACK_COMPILED = "pack_compiled", _("Pack compiled")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


# The states in which the meeting has taken place (latest_held_review reads them).
HELD_STATES = (ReviewStatus.HELD, ReviewStatus.MINUTES_APPROVED)
# The states in which the pack may still be (re)compiled and the minutes edited.
OPEN_STATES = (ReviewStatus.PLANNED, ReviewStatus.PACK_COMPILED, ReviewStatus.HELD)


class ReviewFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    HYBRID = "hybrid", _("Hybrid")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")


class OutputKind(models.TextChoices):
    """The three kinds of decision §9.3.3 asks a review to record."""

    IMPROVEMENT = "improvement", _("Opportunity for improvement")
    QMS_CHANGE = "qms_change", _("Change to the QMS")
    RESOURCE_NEED = "resource_need", _("Resource need")
