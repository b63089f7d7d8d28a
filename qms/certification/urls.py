"""The certification body's back office pages, one URL module per area."""

from django.urls import URLPattern, URLResolver

from .audit_time import urls as audit_time_urls
from .audits import urls as audits_urls
from .body import urls as body_urls
from .certificates import urls as certificates_urls
from .clients import urls as clients_urls
from .portal import urls as portal_urls
from .programme import urls as programme_urls
from .reports import urls as reports_urls

app_name = "certification"

urlpatterns: list[URLPattern | URLResolver] = [
    *body_urls.urlpatterns,
    *clients_urls.urlpatterns,
    *audit_time_urls.urlpatterns,
    *programme_urls.urlpatterns,
    *audits_urls.urlpatterns,
    *portal_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *certificates_urls.urlpatterns,
]
