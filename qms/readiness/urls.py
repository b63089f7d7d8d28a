from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "readiness"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ReportView.as_view(), name="report"),
    path("report.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("report.xlsx", views.ReportXlsxView.as_view(), name="report_xlsx"),
    path("snapshots/", views.SnapshotListView.as_view(), name="readinesssnapshot_list"),
    path("snapshots/add/", views.SnapshotCreateView.as_view(), name="readinesssnapshot_add"),
    path(
        "snapshots/<int:pk>/",
        views.SnapshotDetailView.as_view(),
        name="readinesssnapshot_detail",
    ),
]
