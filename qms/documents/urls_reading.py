"""Pages of distribution, read-and-acknowledge, periodic review, retention, controlled copies
and import (included by qms/documents/urls.py under the `documents` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
