from django.urls import path

from .views import pages

app_name = "core"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("audit/", pages.AuditEventListView.as_view(), name="auditevent_list"),
    path("audit/<int:pk>/", pages.AuditEventDetailView.as_view(), name="auditevent_detail"),
]
