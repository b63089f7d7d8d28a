from django.urls import path

from . import views

app_name = "access_grants"

urlpatterns = [
    path("", views.GrantListView.as_view(), name="accessgrant_list"),
    path("add/", views.GrantCreateView.as_view(), name="accessgrant_add"),
    path("<int:pk>/", views.GrantDetailView.as_view(), name="accessgrant_detail"),
    path("<int:pk>/edit/", views.GrantChangeView.as_view(), name="accessgrant_edit"),
    path("<int:pk>/revoke/", views.GrantRevokeView.as_view(), name="accessgrant_revoke"),
    path("requests/", views.RequestListView.as_view(), name="evidencerequest_list"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="evidencerequest_detail"),
]

# The names the issue uses for the grant pages.
urlpatterns += [
    path("", views.GrantListView.as_view(), name="grant_list"),
    path("add/", views.GrantCreateView.as_view(), name="grant_add"),
    path("<int:pk>/", views.GrantDetailView.as_view(), name="grant_detail"),
]
