"""Choices of the certification body's back office."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    """The audits of a 3-year certification cycle (domain spec §3.7, §3.8)."""

    STAGE1 = "stage1", _("Stage 1")
    STAGE2 = "stage2", _("Stage 2")
    SURVEILLANCE_1 = "surveillance_1", _("Surveillance 1")
    SURVEILLANCE_2 = "surveillance_2", _("Surveillance 2")
    RECERTIFICATION = "recertification", _("Recertification")
    SPECIAL = "special", _("Special audit")


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AuditorGrade(models.TextChoices):
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    IN_TRAINING = "in_training", _("Auditor in training")


class ClientStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Client")
    FORMER = "former", _("Former client")


class ApplicationType(models.TextChoices):
    INITIAL = "initial", _("Initial certification")
    RECERTIFICATION = "recertification", _("Recertification")
    SCOPE_EXTENSION = "scope_extension", _("Scope extension")
    TRANSFER = "transfer", _("Transfer from another certification body")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


class Complexity(models.TextChoices):
    """Complexity / risk category of IAF MD 5 (QMS and EMS: four; OH&S: three)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    LIMITED = "limited", _("Limited")


class AuditTimeType(models.TextChoices):
    INITIAL = "initial", _("Initial (Stage 1 + Stage 2)")
    SURVEILLANCE = "surveillance", _("Surveillance")
    RECERTIFICATION = "recertification", _("Recertification")


class ProgrammeKind(models.TextChoices):
    INITIAL = "initial", _("Initial certification cycle")
    RECERTIFICATION = "recertification", _("Recertification cycle")
    TRANSFER = "transfer", _("Transferred cycle")


class ProgrammeStatus(models.TextChoices):
    PLANNING = "planning", _("Initial audit")
    CERTIFIED = "certified", _("Certified")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


class CertAuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed with the client")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
