"""Choices owned by external-auditor access."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GranteeRole(models.TextChoices):
    CERTIFICATION_AUDITOR = "certification_auditor", _("Certification body auditor")
    CONSULTANT = "consultant", _("Consultant")


class GrantStatus(models.TextChoices):
    """The stored state; whether the grant opens the portal *now* also depends on the clock
    (see rules.grant_state)."""

    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class GrantState(models.TextChoices):
    """What the grant means at a moment: computed from the window and the revocation."""

    SCHEDULED = "scheduled", _("Not started yet")
    OPEN = "open", _("Open")
    EXPIRED = "expired", _("Ended")
    REVOKED = "revoked", _("Revoked")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
