from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """A certificate's status as published (domain spec §3.6; CertSearch vocabulary)."""

    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")


class HistoryKind(models.TextChoices):
    """What an entry of the public history records."""

    STATUS = "status", _("status change")
    REVISION = "revision", _("reissue")
