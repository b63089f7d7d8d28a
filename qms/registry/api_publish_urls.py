"""Routes of the publish API (`api_publish`), mounted by qms/api_urls.py under /api/v1/public/:

path("public/", include("qms.registry.api_publish_urls")),
"""

from __future__ import annotations

from django.urls import path

from .api_publish import (
    PublishCertificateDetailView,
    PublishCertificateListView,
    PublishImportView,
)

urlpatterns = [
    path(
        "publish/certificates/",
        PublishCertificateListView.as_view(),
        name="registry-publish-certificates",
    ),
    path(
        "publish/certificates/<path:number>/",
        PublishCertificateDetailView.as_view(),
        name="registry-publish-certificate",
    ),
    path("publish/imports/", PublishImportView.as_view(), name="registry-publish-imports"),
]
