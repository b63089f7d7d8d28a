from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("access-grants", views.AccessGrantViewSet, basename="access_grants-accessgrant")
router.register(
    "evidence-requests", views.EvidenceRequestViewSet, basename="access_grants-evidencerequest"
)

urlpatterns = router.urls
