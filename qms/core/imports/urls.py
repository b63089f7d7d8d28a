"""Import pages, included under /imports/ in core's namespace (core:import_*)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="import_index"),
    path("<str:kind>/", views.ImportUploadView.as_view(), name="import_upload"),
    path("<str:kind>/template.csv", views.ImportTemplateView.as_view(), name="import_template"),
    path("<str:kind>/runs/<int:pk>/", views.ImportRunDetailView.as_view(), name="importrun_detail"),
    path(
        "<str:kind>/runs/<int:pk>/confirm/",
        views.ImportConfirmView.as_view(),
        name="importrun_confirm",
    ),
]
