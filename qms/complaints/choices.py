"""Choices owned by complaints."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.RESPONDED)


class ComplaintChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    WEB_FORM = "web_form", _("Web form")
    IN_PERSON = "in_person", _("In person")
    OTHER = "other", _("Other")


class Justified(models.TextChoices):
    UNDETERMINED = "undetermined", _("Undetermined")
    YES = "yes", _("Yes")
    NO = "no", _("No")
