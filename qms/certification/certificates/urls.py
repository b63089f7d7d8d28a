"""Pages of decisions and certificates, included by qms/certification/urls.py (app
"certification"). The certificate's steps restore, withdraw, cancel and expire use core's
ObjectTransitionView; suspend and reissue have their own forms; issue and supersede happen
only through a decision or a reissue (their guards refuse the generic page)."""

from django.urls import URLPattern, URLResolver, path

from qms.core.views.transitions import ObjectTransitionView

from ..models import Certificate
from . import history, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/", views.DecisionListView.as_view(), name="certificationdecision_list"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path(
        "decisions/<int:pk>/",
        views.DecisionDetailView.as_view(),
        name="certificationdecision_detail",
    ),
    path(
        "programmes/<int:pk>/decisions/add/",
        views.DecisionOpenView.as_view(),
        name="decision_open",
    ),
    path("certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path(
        "certificates/<int:pk>/", views.CertificateDetailView.as_view(), name="certificate_detail"
    ),
    path(
        "certificates/<int:pk>/suspend/",
        views.CertificateSuspendView.as_view(),
        name="certificate_suspend",
    ),
    path(
        "certificates/<int:pk>/reissue/",
        views.CertificateReissueView.as_view(),
        name="certificate_reissue",
    ),
    path("certificates/<int:pk>/pdf/", views.CertificatePdfView.as_view(), name="certificate_pdf"),
    path(
        "certificates/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Certificate),
        name="certificate_transition",
    ),
    *history.urlpatterns,
]
