from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from .models import Survey
from .views import invitations, surveys

app_name = "surveys"

urlpatterns = [
    path("", surveys.SurveyListView.as_view(), name="survey_list"),
    path("add/", surveys.SurveyCreateView.as_view(), name="survey_add"),
    path("results/", surveys.SurveyTrendView.as_view(), name="results_over_time"),
    path("<int:pk>/", surveys.SurveyDetailView.as_view(), name="survey_detail"),
    path("<int:pk>/edit/", surveys.SurveyUpdateView.as_view(), name="survey_edit"),
    path("<int:pk>/delete/", surveys.SurveyDeleteView.as_view(), name="survey_delete"),
    # Under results/ (not <pk>/results/): the menu marks "Survey results" on these pages.
    path("results/<int:pk>/", surveys.SurveyResultsView.as_view(), name="survey_results"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Survey),
        name="survey_transition",
    ),
    path("questions/", surveys.SurveyQuestionListView.as_view(), name="surveyquestion_list"),
    path("questions/add/", surveys.SurveyQuestionCreateView.as_view(), name="surveyquestion_add"),
    path(
        "questions/<int:pk>/",
        surveys.SurveyQuestionDetailView.as_view(),
        name="surveyquestion_detail",
    ),
    path(
        "questions/<int:pk>/edit/",
        surveys.SurveyQuestionUpdateView.as_view(),
        name="surveyquestion_edit",
    ),
    path(
        "questions/<int:pk>/delete/",
        surveys.SurveyQuestionDeleteView.as_view(),
        name="surveyquestion_delete",
    ),
    path(
        "invitations/",
        invitations.SurveyInvitationListView.as_view(),
        name="surveyinvitation_list",
    ),
    path(
        "invitations/add/",
        invitations.SurveyInvitationCreateView.as_view(),
        name="surveyinvitation_add",
    ),
    path(
        "invitations/<int:pk>/",
        invitations.SurveyInvitationDetailView.as_view(),
        name="surveyinvitation_detail",
    ),
    path(
        "invitations/<int:pk>/delete/",
        invitations.SurveyInvitationDeleteView.as_view(),
        name="surveyinvitation_delete",
    ),
    path("responses/", invitations.SurveyResponseListView.as_view(), name="surveyresponse_list"),
    path(
        "responses/<int:pk>/",
        invitations.SurveyResponseDetailView.as_view(),
        name="surveyresponse_detail",
    ),
]
