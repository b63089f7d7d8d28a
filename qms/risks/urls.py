from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import Risk

app_name = "risks"

urlpatterns = [
    path("", views.RiskListView.as_view(), name="risk_list"),
    path("add/", views.RiskCreateView.as_view(), name="risk_add"),
    path("heat-map/", views.RiskHeatmapView.as_view(), name="risk_heatmap"),
    path("report.pdf", views.RiskPdfView.as_view(), name="risk_pdf"),
    path("matrix/", views.MatrixEditView.as_view(), name="matrix_edit"),
    path("<int:pk>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path("<int:pk>/edit/", views.RiskUpdateView.as_view(), name="risk_edit"),
    path("<int:pk>/review/", views.RiskReviewView.as_view(), name="risk_review"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Risk),
        name="risk_transition",
    ),
]
