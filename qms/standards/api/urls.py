from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("standards/standards", views.StandardViewSet, basename="standards-standard")
router.register("standards/editions", views.EditionViewSet, basename="standards-edition")
router.register("standards/clauses", views.ClauseViewSet, basename="standards-clause")
router.register("standards/iaf-codes", views.IafCodeViewSet, basename="standards-iafcode")
router.register(
    "standards/audit-time-tables", views.AuditTimeTableViewSet, basename="standards-audittimetable"
)
router.register("standards/transitions", views.TransitionViewSet, basename="standards-transition")
router.register(
    "standards/organization-standards",
    views.OrganizationStandardViewSet,
    basename="standards-organizationstandard",
)
router.register(
    "standards/applicability", views.ApplicabilityViewSet, basename="standards-clauseapplicability"
)
router.register("standards/evidence", views.EvidenceViewSet, basename="standards-clauseevidence")

urlpatterns = router.urls
