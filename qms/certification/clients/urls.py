"""Pages of clients, their sites and contacts, applications and pre-transfer reviews,
included by qms/certification/urls.py (namespace "certification", under /certification/)."""

from django.urls import URLPattern, URLResolver, path

from qms.core.views.transitions import ObjectTransitionView

from ..models import Application
from . import views, views_applications

urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/", views.ClientListView.as_view(), name="client_list"),
    path("clients/add/", views.ClientCreateView.as_view(), name="client_add"),
    path("clients/<int:pk>/", views.ClientDetailView.as_view(), name="client_detail"),
    path("clients/<int:pk>/edit/", views.ClientUpdateView.as_view(), name="client_edit"),
    path("clients/<int:pk>/consent/", views.ClientConsentView.as_view(), name="client_consent"),
    path("clients/<int:pk>/link/", views.ClientLinkView.as_view(), name="client_link"),
    path(
        "clients/<int:pk>/sites/add/",
        views.ClientSiteCreateView.as_view(),
        name="clientsite_add",
    ),
    path(
        "clients/<int:pk>/contacts/add/",
        views.ClientContactCreateView.as_view(),
        name="clientcontact_add",
    ),
    path("client-sites/", views.ClientSiteListView.as_view(), name="clientsite_list"),
    path("client-sites/<int:pk>/", views.ClientSiteDetailView.as_view(), name="clientsite_detail"),
    path(
        "client-sites/<int:pk>/edit/",
        views.ClientSiteUpdateView.as_view(),
        name="clientsite_edit",
    ),
    path(
        "client-sites/<int:pk>/remove/",
        views.ClientSiteRemoveView.as_view(),
        name="clientsite_delete",
    ),
    path("client-contacts/", views.ClientContactListView.as_view(), name="clientcontact_list"),
    path(
        "client-contacts/<int:pk>/",
        views.ClientContactDetailView.as_view(),
        name="clientcontact_detail",
    ),
    path(
        "client-contacts/<int:pk>/edit/",
        views.ClientContactUpdateView.as_view(),
        name="clientcontact_edit",
    ),
    path(
        "client-contacts/<int:pk>/remove/",
        views.ClientContactRemoveView.as_view(),
        name="clientcontact_delete",
    ),
    path(
        "applications/", views_applications.ApplicationListView.as_view(), name="application_list"
    ),
    path(
        "applications/add/",
        views_applications.ApplicationCreateView.as_view(),
        name="application_add",
    ),
    path(
        "applications/personnel/",
        views_applications.ApplicationEnpView.as_view(),
        name="application_enp",
    ),
    path(
        "applications/<int:pk>/",
        views_applications.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/edit/",
        views_applications.ApplicationUpdateView.as_view(),
        name="application_edit",
    ),
    path(
        "applications/<int:pk>/recheck/",
        views_applications.ApplicationRecheckView.as_view(),
        name="application_recheck",
    ),
    path(
        "applications/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Application),
        name="application_transition",
    ),
    path(
        "applications/<int:pk>/transfer-review/",
        views_applications.TransferReviewCreateView.as_view(),
        name="transferreview_add",
    ),
    path(
        "transfer-reviews/",
        views_applications.TransferReviewListView.as_view(),
        name="transferreview_list",
    ),
    path(
        "transfer-reviews/<int:pk>/",
        views_applications.TransferReviewDetailView.as_view(),
        name="transferreview_detail",
    ),
    path(
        "transfer-reviews/<int:pk>/edit/",
        views_applications.TransferReviewUpdateView.as_view(),
        name="transferreview_edit",
    ),
]
