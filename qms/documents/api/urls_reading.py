"""API routes of distribution, acknowledgements and periodic reviews (included by
qms/documents/api/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
