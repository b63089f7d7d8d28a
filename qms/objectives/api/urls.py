from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("objectives", views.ObjectiveViewSet, basename="objectives-qualityobjective")
router.register(
    "objective-measurements", views.MeasurementViewSet, basename="objectives-measurement"
)

urlpatterns = router.urls
