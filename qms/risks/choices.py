"""Choices owned by risks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    OPPORTUNITY = "opportunity", _("Opportunity")


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    ASSESSED = "assessed", _("Assessed")
    PLANNED = "planned", _("Treatment planned")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (
    RiskStatus.IDENTIFIED,
    RiskStatus.ASSESSED,
    RiskStatus.PLANNED,
    RiskStatus.APPROVED,
)


class Treatment(models.TextChoices):
    """The ways of addressing a risk (ISO 9001 §6.1.2, note 1), in our own words."""

    AVOID = "avoid", _("Avoid the risk")
    TAKE = "take", _("Take or increase the risk to pursue an opportunity")
    REMOVE_SOURCE = "remove_source", _("Remove the source of the risk")
    CHANGE_LIKELIHOOD = "change_likelihood", _("Change the likelihood")
    CHANGE_CONSEQUENCE = "change_consequence", _("Change the consequences")
    SHARE = "share", _("Share the risk")
    RETAIN = "retain", _("Retain the risk by informed decision")


class Decision(models.TextChoices):
    """What is decided about an opportunity."""

    UNDECIDED = "", _("Not decided")
    PURSUE = "pursue", _("Pursue")
    DEFER = "defer", _("Defer")
    REJECT = "reject", _("Reject")


class ReviewOutcome(models.TextChoices):
    NO_CHANGE = "no_change", _("No change")
    RE_RATED = "re_rated", _("Re-rated")
    TREATMENT_CHANGED = "treatment_changed", _("Treatment changed")
    TO_CLOSE = "to_close", _("No longer relevant: to close")
