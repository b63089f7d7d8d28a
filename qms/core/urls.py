from django.urls import path

from .views import pages, signatures

app_name = "core"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("audit/", pages.AuditEventListView.as_view(), name="auditevent_list"),
    path("audit/<int:pk>/", pages.AuditEventDetailView.as_view(), name="auditevent_detail"),
    path("signatures/", signatures.SignatureListView.as_view(), name="signature_list"),
    path(
        "signatures/<int:pk>/",
        signatures.SignatureDetailView.as_view(),
        name="signature_detail",
    ),
]
