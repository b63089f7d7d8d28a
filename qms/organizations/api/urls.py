from django.urls import path
from rest_framework.routers import SimpleRouter

from . import interactions, views

router = SimpleRouter()
router.register("organizations/sites", views.SiteViewSet, basename="organizations-site")
router.register("organizations/processes", views.ProcessViewSet, basename="organizations-process")
router.register(
    "organizations/process-interactions",
    interactions.ProcessInteractionViewSet,
    basename="organizations-processinteraction",
)

urlpatterns = [
    path(
        "organizations/current/",
        views.CurrentOrganizationView.as_view(),
        name="organizations-current",
    ),
    *router.urls,
]
