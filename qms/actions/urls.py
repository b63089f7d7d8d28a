from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import Action

app_name = "actions"

urlpatterns = [
    path("", views.ActionListView.as_view(), name="action_list"),
    path("mine/", views.my_actions_view, name="my_actions"),
    path("add/", views.ActionCreateView.as_view(), name="action_add"),
    path("<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_edit"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Action),
        name="action_transition",
    ),
    path(
        "for/<str:origin_type>/<int:origin_id>/add/",
        views.action_add_to,
        name="action_add_to",
    ),
]
