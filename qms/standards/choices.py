"""Choices of the standards library."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CURRENT = "current", _("Current")
    IN_TRANSITION = "in_transition", _("In transition")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClauseKind(models.TextChoices):
    CLAUSE = "clause", _("Clause")
    CONTROL = "control", _("Control")


class Relation(models.TextChoices):
    """How a clause of an old edition carries over to a new one."""

    EQUAL = "equal", _("Equal")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    SPLIT = "split", _("Split")
    MERGED = "merged", _("Merged")
    NEW = "new", _("New")
    REMOVED = "removed", _("Removed")


class EvidenceStatus(models.TextChoices):
    """A clause's state in an organization's clause tree."""

    NONE = "none", _("No evidence")
    EVIDENCE = "evidence", _("Evidence")
    REVIEWED = "reviewed", _("Evidence reviewed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
