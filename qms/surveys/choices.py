"""Choices owned by surveys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    RATING_5 = "rating_5", _("Rating from 1 to 5")
    RATING_10 = "rating_10", _("Rating from 0 to 10")
    COMMENT = "comment", _("Free-text comment")


# (lowest, highest) rating of each rated kind.
SCALES: dict[str, tuple[int, int]] = {
    QuestionKind.RATING_5: (1, 5),
    QuestionKind.RATING_10: (0, 10),
}
