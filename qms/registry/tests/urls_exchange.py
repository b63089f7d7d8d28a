"""The project's URLs plus the publish API and the exchange pages, mounted as the shared URL
modules are to mount them, for the tests until those include them."""

from django.urls import include, path

from qms.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/public/", include("qms.registry.api_publish_urls")),
    path("registry/exchange/", include("qms.registry.exchange_urls")),
    *project_urlpatterns,
]
