"""Pages of distribution, read-and-acknowledge, periodic review, retention, controlled copies,
the registers of distribution, acknowledgements and reviews, and import (included by
qms/documents/urls.py under the `documents` namespace)."""

from django.urls import URLPattern, path

from .views import controlled_copy, reading, registers, retention, reviews

urlpatterns: list[URLPattern] = [
    path("to-read/", reading.ToReadView.as_view(), name="to_read"),
    path("reading/", reading.ReadingMatrixView.as_view(), name="reading_matrix"),
    path(
        "acknowledgements/",
        registers.AcknowledgementListView.as_view(),
        name="acknowledgement_list",
    ),
    path(
        "acknowledgements/<int:pk>/",
        reading.AcknowledgementDetailView.as_view(),
        name="acknowledgement_detail",
    ),
    path(
        "acknowledgements/<int:pk>/acknowledge/",
        reading.AcknowledgeView.as_view(),
        name="acknowledgement_sign",
    ),
    path(
        "<int:pk>/distribution/add/",
        reading.DistributionAddView.as_view(),
        name="distribution_add",
    ),
    path(
        "distribution/",
        registers.DistributionListView.as_view(),
        name="documentdistribution_list",
    ),
    path(
        "distribution/<int:pk>/",
        registers.DistributionDetailView.as_view(),
        name="documentdistribution_detail",
    ),
    path(
        "distribution/<int:pk>/remove/",
        reading.DistributionRemoveView.as_view(),
        name="distribution_remove",
    ),
    path("reviews/", reviews.ReviewDueView.as_view(), name="review_due"),
    path(
        "reviews/history/",
        registers.DocumentReviewListView.as_view(),
        name="documentreview_list",
    ),
    path(
        "reviews/history/<int:pk>/",
        registers.DocumentReviewDetailView.as_view(),
        name="documentreview_detail",
    ),
    path("<int:pk>/review/", reviews.DocumentReviewView.as_view(), name="document_review"),
    path("retention/", retention.RetentionReportView.as_view(), name="retention"),
    path("<int:pk>/dispose/", retention.DocumentDisposeView.as_view(), name="document_dispose"),
    path(
        "<int:pk>/controlled-copy.pdf",
        controlled_copy.ControlledCopyView.as_view(),
        name="controlled_copy",
    ),
]
