"""API routes of the register (/api/v1/documents/...) and of the reading pages
(api/urls_reading.py, helper "docread")."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import urls_reading, views

router = SimpleRouter()
router.register("documents/documents", views.DocumentViewSet, basename="documents-document")
router.register("documents/revisions", views.RevisionViewSet, basename="documents-documentrevision")
router.register(
    "documents/numbering-schemes",
    views.NumberingSchemeViewSet,
    basename="documents-numberingscheme",
)

urlpatterns: list[URLPattern | URLResolver] = [*router.urls, *urls_reading.urlpatterns]
