"""Choices owned by documents (ISO 9001 §7.5 documented information)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    POLICY = "policy", _("Policy")
    MANUAL = "manual", _("Manual")
    PROCEDURE = "procedure", _("Procedure")
    WORK_INSTRUCTION = "work_instruction", _("Work instruction")
    FORM = "form", _("Form")
    RECORD = "record", _("Record")
    EXTERNAL = "external", _("External document")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    RESTRICTED = "restricted", _("Restricted")


class DocumentStatus(models.TextChoices):
    """The document as a whole; its content moves through `RevisionStatus`."""

    ACTIVE = "active", _("Active")
    OBSOLETE = "obsolete", _("Obsolete")
    DISPOSED = "disposed", _("Disposed")


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    EFFECTIVE = "effective", _("Approved, effective")
    SUPERSEDED = "superseded", _("Superseded")
    OBSOLETE = "obsolete", _("Obsolete")


class ContentFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Written in qms (Markdown)")
    FILE = "file", _("Uploaded file")


class DistributionKind(models.TextChoices):
    ROLE = "role", _("Everyone with a role")
    USER = "user", _("One person")
    PROCESS = "process", _("People of a process")


class ReviewOutcome(models.TextChoices):
    NO_CHANGE = "no_change", _("Reviewed, no change")
    REVISION_NEEDED = "revision_needed", _("Revision needed")
