"""API routes of distribution, acknowledgements and the reading matrix (included by
qms/documents/api/urls.py)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from . import reading

router = SimpleRouter()
router.register(
    "documents/distribution",
    reading.DistributionViewSet,
    basename="documents-documentdistribution",
)
router.register(
    "documents/reviews", reading.DocumentReviewViewSet, basename="documents-documentreview"
)
router.register(
    "documents/acknowledgements",
    reading.AcknowledgementViewSet,
    basename="documents-acknowledgement",
)

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "documents/reading-matrix/",
        reading.ReadingMatrixView.as_view(),
        name="documents-reading-matrix",
    ),
    *router.urls,
]
