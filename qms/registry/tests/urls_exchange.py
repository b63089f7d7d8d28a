"""The project's URLs plus the publish API, mounted as qms/api_urls.py is to mount it
(`path("public/", include("qms.registry.api_publish_urls"))` under /api/v1/), for the tests
until the shared URL modules include it."""

from django.urls import include, path

from qms.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/public/", include("qms.registry.api_publish_urls")),
    *project_urlpatterns,
]
