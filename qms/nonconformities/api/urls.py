"""API routes of nonconformities (/api/v1/nonconformities/...) and of their analysis
sub-package (registered on the same router)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from qms.nonconformities.analysis.api import register_routes

from . import views

router = SimpleRouter()
router.register(
    "nonconformities/effectiveness-checks",
    views.EffectivenessCheckViewSet,
    basename="nonconformities-effectivenesscheck",
)
register_routes(router)
router.register(
    "nonconformities", views.NonconformityViewSet, basename="nonconformities-nonconformity"
)

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
