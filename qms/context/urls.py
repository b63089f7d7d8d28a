from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import ContextIssue, InterestedParty

app_name = "context"

urlpatterns = [
    path("", views.ContextOverviewView.as_view(), name="overview"),
    path("document.pdf", views.ContextPdfView.as_view(), name="pdf"),
    path("document/publish/", views.ContextPublishView.as_view(), name="publish"),
    # Issues (4.1)
    path("issues/", views.IssueListView.as_view(), name="contextissue_list"),
    path("issues/add/", views.IssueCreateView.as_view(), name="contextissue_add"),
    path("issues/<int:pk>/", views.IssueDetailView.as_view(), name="contextissue_detail"),
    path("issues/<int:pk>/edit/", views.IssueUpdateView.as_view(), name="contextissue_edit"),
    path(
        "issues/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(ContextIssue),
        name="contextissue_transition",
    ),
    # Interested parties (4.2) and their requirements
    path("parties/", views.PartyListView.as_view(), name="interestedparty_list"),
    path("parties/add/", views.PartyCreateView.as_view(), name="interestedparty_add"),
    path("parties/<int:pk>/", views.PartyDetailView.as_view(), name="interestedparty_detail"),
    path("parties/<int:pk>/edit/", views.PartyUpdateView.as_view(), name="interestedparty_edit"),
    path(
        "parties/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(InterestedParty),
        name="interestedparty_transition",
    ),
    path(
        "parties/<int:pk>/requirements/add/",
        views.RequirementCreateView.as_view(),
        name="interestedpartyrequirement_add",
    ),
    path(
        "requirements/",
        views.RequirementListView.as_view(),
        name="interestedpartyrequirement_list",
    ),
    path(
        "requirements/<int:pk>/",
        views.RequirementDetailView.as_view(),
        name="interestedpartyrequirement_detail",
    ),
    path(
        "requirements/<int:pk>/edit/",
        views.RequirementUpdateView.as_view(),
        name="interestedpartyrequirement_edit",
    ),
    # Climate change (4.1, Amd 1:2024)
    path("climate/", views.ClimateListView.as_view(), name="climatedecision_list"),
    path("climate/decide/", views.ClimateDecideView.as_view(), name="climatedecision_add"),
    path("climate/<int:pk>/", views.ClimateDetailView.as_view(), name="climatedecision_detail"),
    # Scope (4.3)
    path("scope/", views.ScopeListView.as_view(), name="qmsscope_list"),
    path("scope/add/", views.ScopeCreateView.as_view(), name="qmsscope_add"),
    path("scope/<int:pk>/", views.ScopeDetailView.as_view(), name="qmsscope_detail"),
    path("scope/<int:pk>/edit/", views.ScopeUpdateView.as_view(), name="qmsscope_edit"),
]
