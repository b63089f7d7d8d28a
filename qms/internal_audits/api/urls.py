from rest_framework.routers import SimpleRouter

from . import checklists, views

router = SimpleRouter()
router.register("audit-programmes", views.ProgrammeViewSet, basename="internal-audits-programme")
router.register("internal-audits", views.AuditViewSet, basename="internal-audits-audit")
checklists.register(router)

urlpatterns = router.urls
