"""Filters of surveys, questions, invitations and responses (pages, exports, API)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet

from .choices import QuestionKind, SurveyStatus
from .models import Survey, SurveyInvitation, SurveyQuestion, SurveyResponse

_YES_NO = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


class SurveyFilterSet(SearchFilterSet):
    search_fields = ("title", "period_label", "intro")
    status = django_filters.ChoiceFilter(choices=SurveyStatus.choices, label=_("Status"))

    class Meta(SearchFilterSet.Meta):
        model = Survey
        fields = ["q", "status"]


class SurveyQuestionFilterSet(SearchFilterSet):
    search_fields = ("text",)
    kind = django_filters.ChoiceFilter(choices=QuestionKind.choices, label=_("Kind"))

    class Meta(SearchFilterSet.Meta):
        model = SurveyQuestion
        fields = ["q", "survey", "kind"]


class SurveyInvitationFilterSet(SearchFilterSet):
    search_fields = ("customer_name", "email", "contact")
    answered = django_filters.BooleanFilter(
        field_name="answered_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("Answered"),
        widget=_YES_NO,
    )

    class Meta(SearchFilterSet.Meta):
        model = SurveyInvitation
        fields = ["q", "survey", "answered"]


class SurveyResponseFilterSet(SearchFilterSet):
    search_fields = ("invitation__customer_name", "invitation__email")

    class Meta(SearchFilterSet.Meta):
        model = SurveyResponse
        fields = ["q", "survey"]
