from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(
    "readiness/snapshots", views.SnapshotViewSet, basename="readiness-readinesssnapshot"
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("readiness/", views.ReadinessReportView.as_view(), name="readiness-report"),
    *router.urls,
]
