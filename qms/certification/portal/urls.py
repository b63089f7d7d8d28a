"""The body's side of the client portal (in the certification namespace)."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("portal-accesses/", views.PortalAccessListView.as_view(), name="portalaccess_list"),
    path(
        "portal-accesses/<int:pk>/",
        views.PortalAccessDetailView.as_view(),
        name="portalaccess_detail",
    ),
    path(
        "finding-responses/", views.FindingResponseListView.as_view(), name="findingresponse_list"
    ),
    path(
        "finding-responses/<int:pk>/",
        views.FindingResponseDetailView.as_view(),
        name="findingresponse_detail",
    ),
    path("clients/<int:pk>/portal/", views.ClientPortalView.as_view(), name="client_portal"),
    path(
        "portal-accesses/<int:pk>/revoke/",
        views.PortalAccessRevokeView.as_view(),
        name="portalaccess_revoke",
    ),
    path("findings/<int:pk>/review/", views.FindingReviewView.as_view(), name="finding_review"),
    path(
        "findings/<int:pk>/review/responses/<int:response>/files/<int:file>/",
        views.ReviewFileView.as_view(),
        name="finding_review_file",
    ),
]
