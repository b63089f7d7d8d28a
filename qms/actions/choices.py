"""Choices of the action tracker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# The states in which an action still needs doing (it can be overdue, it is reminded).
OPEN_STATES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionKind(models.TextChoices):
    ACTION = "action", _("Action")
    CORRECTION = "correction", _("Correction")
    CORRECTIVE = "corrective", _("Corrective action")
    IMPROVEMENT = "improvement", _("Improvement")


class ActionPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")
