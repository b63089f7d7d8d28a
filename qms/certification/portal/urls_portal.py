"""/portal/: the client portal (mounted by qms/urls.py)."""

from django.urls import path

from . import views_portal as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("audits/<int:pk>/report.<str:kind>", views.report_document, name="report"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path(
        "findings/<int:pk>/responses/<int:response>/files/<int:file>/",
        views.response_file,
        name="response_file",
    ),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
]
