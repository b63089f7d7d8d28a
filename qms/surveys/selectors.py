"""Reads for surveys: lists, one survey's results, results over time, the satisfaction
index, and the public link's lookup (the only read not made for a user)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from .choices import SCALES, SurveyStatus
from .models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from .tokens import token_hash, well_formed


def survey_list(*, user: Any, organization: Any) -> QuerySet[Survey]:
    return Survey.objects.for_user(user, "view", organization=organization)


def invitation_list(*, user: Any, organization: Any) -> QuerySet[SurveyInvitation]:
    return SurveyInvitation.objects.for_user(
        user, "view", organization=organization
    ).select_related("survey")


def question_count(*, survey: Survey) -> int:
    return (
        SurveyQuestion.objects.for_organization(survey.organization_id)
        .filter(survey=survey)
        .count()
    )


def survey_counts(*, survey: Survey) -> dict[str, int]:
    """Invited and answered, for the survey's page (one query)."""
    counts = (
        SurveyInvitation.objects.for_organization(survey.organization_id)
        .filter(survey=survey)
        .aggregate(invited=Count("id"), answered=Count("answered_at"))
    )
    return {"invited": counts["invited"] or 0, "answered": counts["answered"] or 0}


def questions_of(*, survey: Survey) -> list[SurveyQuestion]:
    return list(
        SurveyQuestion.objects.for_organization(survey.organization_id)
        .filter(survey=survey)
        .order_by("order", "id")
    )


def answers_of(*, response: SurveyResponse) -> list[SurveyAnswer]:
    return list(
        SurveyAnswer.objects.filter(response=response)
        .select_related("question")
        .order_by("question__order", "question_id")
    )


# --- The public link ---------------------------------------------------------------------


def invitation_by_token(token: str, *, lock: bool = False) -> SurveyInvitation | None:
    """The invitation a link's token opens (with its survey and organization), or None.
    With `lock`, the row is locked for the caller's transaction (select_for_update)."""
    if not well_formed(token):
        return None
    queryset = SurveyInvitation._base_manager.select_related("survey", "organization")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.filter(token_hash=token_hash(token)).first()


def invitation_for_sending(*, invitation_id: int) -> SurveyInvitation | None:
    return (
        SurveyInvitation._base_manager.select_related("survey", "organization")
        .filter(pk=invitation_id)
        .first()
    )


# --- Results -----------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answers: int = 0
    mean: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)  # (rating, count)
    comments: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    responded: int
    questions: list[QuestionResult]

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.responded / self.invited, 1) if self.invited else None


COMMENTS_SHOWN = 200


def survey_results(*, survey: Survey) -> SurveyResults:
    """Response rate, and per question the mean and distribution of ratings or the comments:
    a fixed number of queries whatever the number of questions and answers."""
    organization_id = survey.organization_id
    counts_of_invitations = survey_counts(survey=survey)
    questions = questions_of(survey=survey)
    results = {q.pk: QuestionResult(question=q) for q in questions}
    answers = SurveyAnswer.objects.filter(
        response__organization_id=organization_id, response__survey=survey
    )
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        answers.filter(rating__isnull=False)
        .values("question_id", "rating")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["question_id"]][row["rating"]] = row["n"]
    for question_id, comment in (
        answers.filter(question__kind="comment")
        .exclude(comment="")
        .order_by("question_id", "-response__submitted_at")
        .values_list("question_id", "comment")[: COMMENTS_SHOWN * max(len(questions), 1)]
    ):
        found = results.get(question_id)
        if found is not None and len(found.comments) < COMMENTS_SHOWN:
            found.comments.append(comment)
    for question_id, result in results.items():
        scale = SCALES.get(result.question.kind)
        if scale is None:
            result.answers = len(result.comments)
            continue
        by_value = counts.get(question_id, {})
        low, high = scale
        result.distribution = [(value, by_value.get(value, 0)) for value in range(low, high + 1)]
        result.answers = sum(by_value.values())
        if result.answers:
            total = sum(value * count for value, count in by_value.items())
            result.mean = round(total / result.answers, 2)
    return SurveyResults(
        survey=survey,
        invited=counts_of_invitations["invited"],
        responded=counts_of_invitations["answered"],
        questions=list(results.values()),
    )


@dataclass
class Trend:
    labels: list[str]  # the surveys' periods, the oldest first
    # kind ("rating_5", "rating_10") -> question text -> mean rating per period
    series: dict[str, dict[str, list[float | None]]]
    index: list[float | None]  # satisfaction index (0-100) per period


def results_over_time(*, user: Any, organization: Any, limit: int = 12) -> Trend:
    """Mean rating per question (matched by its text and scale) per survey period, and the
    overall satisfaction index per period: every rating scaled to 0-100, averaged.
    Two queries, whatever the number of surveys, questions and answers."""
    surveys = list(
        survey_list(user=user, organization=organization)
        .exclude(status=SurveyStatus.DRAFT)
        .order_by("-period_start", "-id")[:limit]
    )[::-1]
    ids = [s.pk for s in surveys]
    rows = (
        SurveyAnswer.objects.filter(
            response__organization_id=getattr(organization, "pk", organization),
            response__survey_id__in=ids,
            rating__isnull=False,
        )
        .values("response__survey_id", "question__text", "question__kind", "rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    sums: dict[tuple[int, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    index: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        survey_id, text, kind = (
            row["response__survey_id"],
            row["question__text"],
            row["question__kind"],
        )
        if kind not in SCALES:
            continue
        rating, count = row["rating"], row["n"]
        low, high = SCALES[kind]
        cell = sums[(survey_id, text, kind)]
        cell[0] += rating * count
        cell[1] += count
        scaled = index[survey_id]
        scaled[0] += 100 * (rating - low) / (high - low) * count
        scaled[1] += count
    series: dict[str, dict[str, list[float | None]]] = {}
    for _survey_id, text, kind in sorted(sums, key=lambda key: (key[2], key[1])):
        if text in series.get(kind, {}):
            continue
        means: list[float | None] = []
        for sid in ids:
            total, count = sums.get((sid, text, kind), (0.0, 0.0))
            means.append(round(total / count, 2) if count else None)
        series.setdefault(kind, {})[text] = means
    return Trend(
        labels=[s.period_label or s.title for s in surveys],
        series=series,
        index=[round(index[sid][0] / index[sid][1], 1) if index[sid][1] else None for sid in ids],
    )


def satisfaction_index(*, user: Any, organization: Any) -> dict[str, Any]:
    """The latest period's satisfaction index (0-100), the one before, and the trend."""
    trend = results_over_time(user=user, organization=organization)
    known = [
        (label, value)
        for label, value in zip(trend.labels, trend.index, strict=True)
        if value is not None
    ]
    latest = known[-1] if known else None
    previous = known[-2] if len(known) > 1 else None
    return {
        "trend": trend,
        "latest": latest,
        "previous": previous,
        "change": round(latest[1] - previous[1], 1) if latest and previous else None,
    }
