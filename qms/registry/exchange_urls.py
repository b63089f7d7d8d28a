"""The certification body's exchange pages, mounted by qms/urls.py before the registry's
public search:

    path("registry/exchange/", include("qms.registry.exchange_urls")),

`/registry/exchange/certsearch-export/?format=csv|xlsx[&drafts=1]`.
"""

from django.urls import path

from .exchange_views import CertSearchExportView

app_name = "registry_exchange"

urlpatterns = [
    path("certsearch-export/", CertSearchExportView.as_view(), name="certsearch_export"),
]
