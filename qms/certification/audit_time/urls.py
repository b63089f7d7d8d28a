"""Pages of this area, included by qms/certification/urls.py."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("audit-time/", views.AuditTimeListView.as_view(), name="audittime_list"),
    path("audit-time/new/", views.AuditTimeCreateView.as_view(), name="audittime_add"),
    path("audit-time/preview/", views.AuditTimePreviewView.as_view(), name="audittime_preview"),
    path("audit-time/<int:pk>/", views.AuditTimeDetailView.as_view(), name="audittime_detail"),
    path("audit-time/<int:pk>/pdf/", views.AuditTimePdfView.as_view(), name="audittime_pdf"),
    # The model's own names (<model>_list, <model>_detail), by which the tenancy and
    # permission walkers find a model's pages.
    path("audit-time/", views.AuditTimeListView.as_view(), name="audittimecalculation_list"),
    path(
        "audit-time/<int:pk>/",
        views.AuditTimeDetailView.as_view(),
        name="audittimecalculation_detail",
    ),
]
