from rest_framework.routers import SimpleRouter

from . import notifications, signatures, views

router = SimpleRouter()
router.register("audit/events", views.AuditEventViewSet, basename="core-auditevent")
router.register("signatures", signatures.SignatureViewSet, basename="core-signature")
router.register("notifications", notifications.NotificationViewSet, basename="core-notification")

urlpatterns = router.urls
