"""/portal/: the client portal (mounted by qms/urls.py)."""

from django.urls import URLPattern, URLResolver

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = []
