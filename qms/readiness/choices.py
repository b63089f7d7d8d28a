from django.db import models
from django.utils.translation import gettext_lazy as _


class ClauseState(models.TextChoices):
    """How far a clause's evidence has got (the readiness report's state badge)."""

    NONE = "none", _("No evidence")
    DRAFT = "draft", _("Draft only")
    EFFECTIVE = "effective", _("Effective")
    REVIEWED = "reviewed", _("Reviewed")
    EXCLUDED = "excluded", _("Not applicable")


# The states that count as "ready" in the percentage.
READY_STATES = (ClauseState.EFFECTIVE, ClauseState.REVIEWED)


class GapSeverity(models.TextChoices):
    """How seriously a Stage 1 auditor would take a gap (most serious first)."""

    BLOCKING = "blocking", _("Blocking")
    CONCERN = "concern", _("Area of concern")
    EVIDENCE = "evidence", _("Evidence missing")


SEVERITY_ORDER = {GapSeverity.BLOCKING: 0, GapSeverity.CONCERN: 1, GapSeverity.EVIDENCE: 2}
