from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("organizations/sites", views.SiteViewSet, basename="organizations-site")
router.register("organizations/processes", views.ProcessViewSet, basename="organizations-process")

urlpatterns = [
    path(
        "organizations/current/",
        views.CurrentOrganizationView.as_view(),
        name="organizations-current",
    ),
    *router.urls,
]
