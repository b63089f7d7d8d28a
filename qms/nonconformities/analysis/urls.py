"""Pages of the root-cause analysis, included by qms.nonconformities.urls."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
