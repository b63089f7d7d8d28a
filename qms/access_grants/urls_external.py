"""/external/: the read-only pages an external auditor opens through an access grant."""

from django.urls import URLPattern, URLResolver

app_name = "external"

urlpatterns: list[URLPattern | URLResolver] = []
