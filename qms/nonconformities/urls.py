from django.urls import include, path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import Nonconformity

app_name = "nonconformities"

urlpatterns = [
    path("", views.NonconformityListView.as_view(), name="nonconformity_list"),
    path("add/", views.NonconformityCreateView.as_view(), name="nonconformity_add"),
    path("<int:pk>/", views.NonconformityDetailView.as_view(), name="nonconformity_detail"),
    path("<int:pk>/edit/", views.NonconformityUpdateView.as_view(), name="nonconformity_edit"),
    path("<int:pk>/report.pdf", views.nonconformity_pdf, name="nonconformity_pdf"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Nonconformity),
        name="nonconformity_transition",
    ),
    path(
        "effectiveness-checks/",
        views.EffectivenessCheckListView.as_view(),
        name="effectivenesscheck_list",
    ),
    path(
        "effectiveness-checks/<int:pk>/",
        views.EffectivenessCheckDetailView.as_view(),
        name="effectivenesscheck_detail",
    ),
    path("", include("qms.nonconformities.analysis.urls")),
]
