"""Choices owned by internal audits (ISO 9001 §9.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    """A yearly audit programme: drafted, then approved with a signature; revising an
    approved programme takes it back to draft (its revision number goes up)."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Importance(models.TextChoices):
    """How much a process matters to the management system (set by the programme's author)."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskLevel(models.TextChoices):
    """The highest current residual level of the process's open risks (from the register)."""

    NONE = "none", _("No open risk")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class PreviousResult(models.TextChoices):
    """What the process's last completed audit found (its worst finding)."""

    NOT_AUDITED = "not_audited", _("Not audited yet")
    NONE = "none", _("No findings")
    OBSERVATIONS = "observations", _("Observations only")
    MINOR = "minor", _("Minor nonconformity")
    MAJOR = "major", _("Major nonconformity")


class AuditStatus(models.TextChoices):
    """The steps of an internal audit; changed only through the workflow."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# An audit is "completed" once its report is issued.
COMPLETED_STATES: tuple[str, ...] = (AuditStatus.REPORTED, AuditStatus.CLOSED)
# Still to be done (counts as overdue when its month has passed).
NOT_DONE_STATES: tuple[str, ...] = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)


class ChecklistAnswer(models.TextChoices):
    """The auditor's answer to one checklist question (blank = not answered yet)."""

    BLANK = "", _("Not answered")
    CONFORM = "conform", _("Conforms")
    MINOR = "minor", _("Minor nonconformity")
    MAJOR = "major", _("Major nonconformity")
    OBSERVATION = "observation", _("Observation")
    IMPROVEMENT = "improvement", _("Opportunity for improvement")
    NOT_AUDITED = "not_audited", _("Not audited")


# The answers an auditor can give (page and filters), in the order an auditor thinks of them.
ANSWER_CHOICES = [(value, label) for value, label in ChecklistAnswer.choices if value]


class FindingGrade(models.TextChoices):
    """How serious a finding is (domain spec §3.2 grading)."""

    MAJOR = "major", _("Major nonconformity")
    MINOR = "minor", _("Minor nonconformity")
    OBSERVATION = "observation", _("Observation")
    IMPROVEMENT = "improvement", _("Opportunity for improvement")


class FindingStatus(models.TextChoices):
    """A finding is raised by a graded checklist answer. When the answer changes back to
    conform (or not audited) before the report, an observation or improvement finding is
    withdrawn: the record stays (who, when, why), shown as withdrawn and left out of counts,
    KPIs and the report; grading the item again raises the same finding (same number)."""

    RAISED = "raised", _("Raised")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Grades that are nonconformities (they need a nonconformity record before closing).
NONCONFORMITY_GRADES: tuple[str, ...] = (FindingGrade.MAJOR, FindingGrade.MINOR)
