from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("context/issues", views.IssueViewSet, basename="context-contextissue")
router.register("context/parties", views.PartyViewSet, basename="context-interestedparty")
router.register(
    "context/requirements",
    views.RequirementViewSet,
    basename="context-interestedpartyrequirement",
)
router.register(
    "context/climate-decisions", views.ClimateDecisionViewSet, basename="context-climatedecision"
)
router.register("context/scopes", views.ScopeViewSet, basename="context-qmsscope")

urlpatterns = router.urls
