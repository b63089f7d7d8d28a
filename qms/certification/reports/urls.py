"""The audit report downloads (pk = the certification audit)."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "audits/<int:pk>/report.pdf",
        views.AuditReportPdfView.as_view(),
        name="audit_report_pdf",
    ),
    path(
        "audits/<int:pk>/report.docx",
        views.AuditReportDocxView.as_view(),
        name="audit_report_docx",
    ),
]
