"""Choices owned by organizations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class ProcessType(models.TextChoices):
    """Where a process sits on the process map (ISO 9001 §4.4): management processes steer,
    core processes make and deliver, support processes enable."""

    MANAGEMENT = "management", _("Management")
    CORE = "core", _("Core (realisation)")
    SUPPORT = "support", _("Support")
