from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import QualityObjective

app_name = "objectives"

urlpatterns = [
    path("", views.ObjectiveListView.as_view(), name="qualityobjective_list"),
    path("add/", views.ObjectiveCreateView.as_view(), name="qualityobjective_add"),
    path("report.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/", views.ObjectiveDetailView.as_view(), name="qualityobjective_detail"),
    path("<int:pk>/edit/", views.ObjectiveUpdateView.as_view(), name="qualityobjective_edit"),
    path(
        "<int:pk>/measurements/add/",
        views.MeasurementAddView.as_view(),
        name="qualityobjective_measure",
    ),
    path("<int:pk>/recompute/", views.RecomputeView.as_view(), name="qualityobjective_recompute"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(QualityObjective),
        name="qualityobjective_transition",
    ),
    path("measurements/", views.MeasurementListView.as_view(), name="measurement_list"),
    path(
        "measurements/<int:pk>/", views.MeasurementDetailView.as_view(), name="measurement_detail"
    ),
    path(
        "measurements/<int:pk>/correct/",
        views.MeasurementCorrectView.as_view(),
        name="measurement_correct",
    ),
    path(
        "measurements/<int:pk>/void/",
        views.MeasurementVoidView.as_view(),
        name="measurement_void",
    ),
]
