from rest_framework.routers import SimpleRouter

from . import signatures, views

router = SimpleRouter()
router.register("audit/events", views.AuditEventViewSet, basename="core-auditevent")
router.register("signatures", signatures.SignatureViewSet, basename="core-signature")

urlpatterns = router.urls
