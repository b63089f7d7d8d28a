"""Import pages, included under /imports/ in core's namespace (core:import_*)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="import_index"),
    path("runs/", views.ImportRunListView.as_view(), name="importrun_list"),
    path("runs/<int:pk>/", views.ImportRunDetailView.as_view(), name="importrun_detail"),
    path("runs/<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="importrun_confirm"),
    path("<str:kind>/", views.ImportUploadView.as_view(), name="import_upload"),
    path("<str:kind>/template.csv", views.ImportTemplateView.as_view(), name="import_template"),
]
