"""The certification body's back office pages, one URL module per area."""

from django.urls import URLPattern, URLResolver

from .audit_time import urls as audit_time_urls
from .body import urls as body_urls
from .clients import urls as clients_urls
from .programme import urls as programme_urls

app_name = "certification"

urlpatterns: list[URLPattern | URLResolver] = [
    *body_urls.urlpatterns,
    *clients_urls.urlpatterns,
    *audit_time_urls.urlpatterns,
    *programme_urls.urlpatterns,
]
