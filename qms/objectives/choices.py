"""Choices owned by quality objectives."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATES = (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED, ObjectiveStatus.CANCELLED)


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ToleranceKind(models.TextChoices):
    PERCENT = "percent", _("Percentage of the target")
    ABSOLUTE = "absolute", _("Absolute margin")


class SourceKind(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    INDICATOR = "indicator", _("Computed by an indicator")


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    IMPORT = "import", _("Import")
    COMPUTED = "computed", _("Computed")


class Performance(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")
    NO_DATA = "no_data", _("No data")
