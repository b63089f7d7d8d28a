from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(
    "management-reviews", views.ReviewViewSet, basename="management_reviews-managementreview"
)

urlpatterns = router.urls
