"""/external/: the read-only pages an external auditor opens through an access grant."""

from django.urls import path

from . import views_external as views

app_name = "external"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:grant>/", views.GrantHomeView.as_view(), name="grant"),
    path("<int:grant>/requests/", views.RequestListView.as_view(), name="request_list"),
    path(
        "<int:grant>/requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"
    ),
    path(
        "<int:grant>/requests/<int:pk>/files/<int:file>/",
        views.RequestFileView.as_view(),
        name="request_file",
    ),
    path("<int:grant>/<slug:kind>/", views.RecordListView.as_view(), name="record_list"),
    path(
        "<int:grant>/<slug:kind>/<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"
    ),
    path(
        "<int:grant>/<slug:kind>/<int:pk>/report.pdf",
        views.RecordPdfView.as_view(),
        name="record_pdf",
    ),
    path(
        "<int:grant>/<slug:kind>/<int:pk>/files/<int:file>/",
        views.RecordFileView.as_view(),
        name="record_file",
    ),
]
