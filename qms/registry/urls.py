"""`/registry/`: the public search page (mounted by qms/urls.py)."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.search, name="search"),
]
