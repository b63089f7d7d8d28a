"""`/api/v1/public/`: the public registry API (mounted by qms/api_urls.py, inside the "api"
namespace: `api:registry_public_search`, `api:registry_public_certificate`)."""

from django.urls import path

from .api import PublicCertificateSearchView, PublicCertificateView
from .ratelimit import rate_limited

urlpatterns = [
    path(
        "certificates/",
        rate_limited(PublicCertificateSearchView.as_view()),
        name="registry_public_search",
    ),
    path(
        "certificates/<path:number>/",
        rate_limited(PublicCertificateView.as_view()),
        name="registry_public_certificate",
    ),
]
