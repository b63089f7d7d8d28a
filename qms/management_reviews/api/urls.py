from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(
    "management-reviews/attendance",
    views.AttendanceViewSet,
    basename="management_reviews-attendance",
)
router.register(
    "management-reviews/sections", views.SectionViewSet, basename="management_reviews-inputsection"
)
router.register(
    "management-reviews/decisions", views.OutputViewSet, basename="management_reviews-output"
)
router.register(
    "management-reviews", views.ReviewViewSet, basename="management_reviews-managementreview"
)

urlpatterns = router.urls
