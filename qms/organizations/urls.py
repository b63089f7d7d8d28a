from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import interaction_views, views
from .models import Process

app_name = "organizations"

urlpatterns = [
    path("", views.organization_detail, name="organization_detail"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/add/", views.SiteCreateView.as_view(), name="site_add"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.SiteUpdateView.as_view(), name="site_edit"),
    path("sites/<int:pk>/delete/", views.SiteDeleteView.as_view(), name="site_delete"),
    path("processes/", views.ProcessListView.as_view(), name="process_list"),
    path("processes/add/", views.ProcessCreateView.as_view(), name="process_add"),
    path("processes/<int:pk>/", views.ProcessDetailView.as_view(), name="process_detail"),
    path("processes/<int:pk>/edit/", views.ProcessUpdateView.as_view(), name="process_edit"),
    path("processes/<int:pk>/delete/", views.ProcessDeleteView.as_view(), name="process_delete"),
    path("processes/map/", interaction_views.ProcessMapView.as_view(), name="process_map"),
    path(
        "processes/interactions/",
        interaction_views.InteractionListView.as_view(),
        name="processinteraction_list",
    ),
    path(
        "processes/interactions/add/",
        interaction_views.InteractionCreateView.as_view(),
        name="processinteraction_add",
    ),
    path(
        "processes/interactions/<int:pk>/",
        interaction_views.InteractionDetailView.as_view(),
        name="processinteraction_detail",
    ),
    path(
        "processes/interactions/<int:pk>/edit/",
        interaction_views.InteractionUpdateView.as_view(),
        name="processinteraction_edit",
    ),
    path(
        "processes/interactions/<int:pk>/delete/",
        interaction_views.InteractionDeleteView.as_view(),
        name="processinteraction_delete",
    ),
    path(
        "processes/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Process),
        name="process_transition",
    ),
]
