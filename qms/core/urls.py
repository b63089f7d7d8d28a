from django.urls import include, path

from .views import attachments as attachment_views
from .views import dashboards, notifications, pages, signatures

app_name = "core"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("dashboard/<slug:slug>/", dashboards.dashboard_page_view, name="dashboard_page"),
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
    path("attachments/", attachment_views.AttachmentListView.as_view(), name="attachment_list"),
    path(
        "attachments/<int:pk>/",
        attachment_views.AttachmentDetailView.as_view(),
        name="attachment_detail",
    ),
    path(
        "attachments/add/<str:subject_type>/<int:subject_id>/",
        attachment_views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "attachments/<int:pk>/download/",
        attachment_views.attachment_download,
        name="attachment_download",
    ),
    path(
        "attachments/<int:pk>/remove/",
        attachment_views.attachment_remove_view,
        name="attachment_remove",
    ),
    path("markdown/preview/", attachment_views.markdown_preview, name="markdown_preview"),
    path("imports/", include("qms.core.imports.urls")),
    path("", include("qms.core.views.calendar")),  # /calendar/<token>.ics, /account/calendar/
]
