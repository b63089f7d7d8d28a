from rest_framework.routers import SimpleRouter

from ..imports import api as import_api
from . import attachments as attachment_api
from . import notifications, signatures, views

router = SimpleRouter()
router.register("audit/events", views.AuditEventViewSet, basename="core-auditevent")
router.register("signatures", signatures.SignatureViewSet, basename="core-signature")
router.register("attachments", attachment_api.AttachmentViewSet, basename="core-attachment")
router.register("notifications", notifications.NotificationViewSet, basename="core-notification")

urlpatterns = [*router.urls, *import_api.urlpatterns]
