from rest_framework.routers import SimpleRouter

from . import checklists, views

router = SimpleRouter()
router.register(
    "audit-programmes", views.ProgrammeViewSet, basename="internal_audits-auditprogramme"
)
router.register(
    "audit-programme-processes",
    views.ProgrammeProcessViewSet,
    basename="internal_audits-programmeprocess",
)
router.register("internal-audits", views.AuditViewSet, basename="internal_audits-audit")
checklists.register(router)

urlpatterns = router.urls
