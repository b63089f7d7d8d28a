"""The root URLconf plus this app's pages and API routes, for the app's tests while the
root URLconf does not include them yet (see conftest.py)."""

from django.urls import include, path

from qms.urls import urlpatterns as root

urlpatterns = [
    path("objectives/", include("qms.objectives.urls")),
    path("api/v1/", include("qms.objectives.api.urls")),
    *root,
]
