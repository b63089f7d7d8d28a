from django.urls import path

from .views import notifications, pages, signatures

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
    path("notifications/", notifications.notification_list_view, name="notification_list"),
    path(
        "notifications/read-all/",
        notifications.notification_read_all_view,
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read_view,
        name="notification_read",
    ),
    path(
        "notifications/<int:pk>/open/",
        notifications.notification_open_view,
        name="notification_open",
    ),
]
