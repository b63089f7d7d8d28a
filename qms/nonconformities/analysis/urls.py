"""Pages of the root-cause analysis, included by qms.nonconformities.urls."""

from django.urls import URLPattern, URLResolver, path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import Disposition

urlpatterns: list[URLPattern | URLResolver] = [
    path("analyses/", views.RootCauseAnalysisListView.as_view(), name="rootcauseanalysis_list"),
    path("analyses/add/", views.AnalysisEditorView.as_view(), name="rootcauseanalysis_add"),
    path(
        "analyses/<int:pk>/",
        views.RootCauseAnalysisDetailView.as_view(),
        name="rootcauseanalysis_detail",
    ),
    path(
        "analyses/<int:pk>/edit/",
        views.AnalysisEditorView.as_view(),
        name="rootcauseanalysis_edit",
    ),
    path("eight-d-reports/", views.EightDReportListView.as_view(), name="eightdreport_list"),
    path("eight-d-reports/add/", views.EightDReportCreateView.as_view(), name="eightdreport_add"),
    path(
        "eight-d-reports/<int:pk>/",
        views.EightDReportDetailView.as_view(),
        name="eightdreport_detail",
    ),
    path(
        "eight-d-reports/<int:pk>/edit/",
        views.EightDReportUpdateView.as_view(),
        name="eightdreport_edit",
    ),
    path(
        "eight-d-reports/<int:pk>/report.pdf",
        views.EightDReportPdfView.as_view(),
        name="eightdreport_pdf",
    ),
    path("dispositions/", views.DispositionListView.as_view(), name="disposition_list"),
    path("dispositions/add/", views.DispositionCreateView.as_view(), name="disposition_add"),
    path(
        "dispositions/<int:pk>/",
        views.DispositionDetailView.as_view(),
        name="disposition_detail",
    ),
    path(
        "dispositions/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Disposition),
        name="disposition_transition",
    ),
]
