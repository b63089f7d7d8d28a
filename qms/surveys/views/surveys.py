"""Surveys and their questions: declarations over core's generic views, the survey page
(questions, invitations, results) and the results pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qms.core.charts import Series, bar_chart, line_chart
from qms.core.forms import submitted_values
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)

from .. import services
from ..choices import SCALES, SurveyStatus
from ..filtersets import SurveyFilterSet, SurveyQuestionFilterSet
from ..models import Survey, SurveyInvitation, SurveyQuestion
from ..selectors import questions_of, results_over_time, survey_counts, survey_results
from ..specs import QUESTION, SURVEY
from .refusals import RefusableDeleteView, refusal_as_validation_error


class SurveyListView(ObjectListView):
    model = Survey
    filterset_class = SurveyFilterSet
    columns = SURVEY.columns

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Results over time"), reverse("surveys:results_over_time"))]


class SurveyDetailView(ObjectDetailView):
    spec = SURVEY
    template_name = "surveys/survey_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        draft = obj.status == SurveyStatus.DRAFT
        can_question = self.can("change", SurveyQuestion)
        context.update(
            {
                "survey": obj,
                "counts": survey_counts(survey=obj),
                "questions": questions_of(survey=obj),
                "can_edit_questions": draft and can_question,
                "add_question_url": (
                    f"{reverse('surveys:surveyquestion_add')}?survey={obj.pk}"
                    if draft and self.can("add", SurveyQuestion)
                    else None
                ),
                "invite_url": (
                    f"{reverse('surveys:surveyinvitation_add')}?survey={obj.pk}"
                    if obj.status == SurveyStatus.OPEN and self.can("add", SurveyInvitation)
                    else None
                ),
                "invitations_url": (
                    f"{reverse('surveys:surveyinvitation_list')}?survey={obj.pk}"
                    if self.can("view", SurveyInvitation)
                    else None
                ),
                "results_url": reverse("surveys:survey_results", args=[obj.pk]),
            }
        )
        return context


class SurveyCreateView(ObjectCreateView):
    spec = SURVEY
    create_service = staticmethod(services.survey_create)


class SurveyUpdateView(ObjectUpdateView):
    spec = SURVEY
    update_service = staticmethod(services.survey_update)


class SurveyDeleteView(RefusableDeleteView):
    spec = SURVEY
    delete_service = staticmethod(services.survey_delete)


def _rating_chart(result: Any) -> Any:
    labels = [str(value) for value, _count in result.distribution]
    counts = [count for _value, count in result.distribution]
    return bar_chart(
        title=_("Answers per rating"),
        labels=labels,
        series=[Series(_("Answers"), counts)],
    )


class SurveyResultsView(TenantViewMixin, View):
    """One survey's results: response rate, mean and distribution per rated question, the
    comments. A fixed number of queries."""

    model = Survey

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(self.scoped("view"), pk=pk)
        results = survey_results(survey=survey)
        questions = [
            {"result": item, "chart": _rating_chart(item) if item.question.is_rating else None}
            for item in results.questions
        ]
        context = {
            "title": _("Results: %(survey)s") % {"survey": survey},
            "survey": survey,
            "results": results,
            "questions": questions,
            "breadcrumbs": [
                *self.base_breadcrumbs(),
                (str(survey), survey.get_absolute_url()),
                (_("Results"), None),
            ],
        }
        return render(request, "surveys/survey_results.html", context)


def trend_charts(trend: Any) -> list[Any]:
    charts = []
    tones = ("primary", "ok", "accent", "warn", "danger", "muted")
    for kind, by_text in sorted(trend.series.items(), key=lambda item: SCALES[item[0]][1]):
        low, high = SCALES[kind]
        series = [
            Series(text[:60], means, tone=tones[index % len(tones)])
            for index, (text, means) in enumerate(by_text.items())
        ]
        charts.append(
            line_chart(
                title=_("Mean rating per question (%(low)s to %(high)s), per survey period")
                % {"low": low, "high": high},
                labels=trend.labels,
                series=series,
                y_min=low,
                y_max=high,
            )
        )
    return charts


def index_chart(trend: Any) -> Any:
    return line_chart(
        title=_("Customer satisfaction index (0 to 100), per survey period"),
        labels=trend.labels,
        series=[Series(_("Satisfaction index"), trend.index, tone="ok")],
        y_min=0,
        y_max=100,
    )


class SurveyTrendView(TenantViewMixin, View):
    """Results over time: the mean rating of each question per survey period."""

    model = Survey

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("view")
        trend = results_over_time(user=request.user, organization=self.organization)
        context = {
            "title": _("Survey results over time"),
            "trend": trend,
            "charts": trend_charts(trend),
            "index_chart": index_chart(trend),
            "breadcrumbs": [*self.base_breadcrumbs(), (_("Results over time"), None)],
        }
        return render(request, "surveys/survey_trend.html", context)


# --- Questions ---------------------------------------------------------------------------


class SurveyQuestionListView(ObjectListView):
    model = SurveyQuestion
    filterset_class = SurveyQuestionFilterSet
    columns = QUESTION.columns
    title = "Survey questions"


class SurveyQuestionDetailView(ObjectDetailView):
    spec = QUESTION


class SurveyQuestionCreateView(ObjectCreateView):
    spec = QUESTION
    create_service = staticmethod(services.question_create)

    def perform_create(self, form: Any) -> Any:
        with refusal_as_validation_error("survey"):
            return super().perform_create(form)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        initial = {}
        survey = request.GET.get("survey", "")
        if survey.isdigit():
            initial["survey"] = int(survey)
        return self.render_form(self.form_class(initial=initial, **self.form_kwargs()))


class SurveyQuestionUpdateView(ObjectUpdateView):
    spec = QUESTION
    update_service = staticmethod(services.question_update)

    def perform_update(self, form: Any, obj: Any) -> Any:
        with refusal_as_validation_error():
            return super().perform_update(form, obj)


class SurveyQuestionDeleteView(RefusableDeleteView):
    spec = QUESTION
    delete_service = staticmethod(services.question_delete)


__all__ = ["apply_validation_error", "submitted_values"]
