from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("risks", views.RiskViewSet, basename="risks-risk")

urlpatterns = router.urls
