"""Test URLconf: the product's URLs plus those of the planning apps (risks, context,
objectives) until qms/urls.py and qms/api_urls.py include them."""

from importlib.util import find_spec
from typing import Any

from django.urls import include, path

import qms.api_urls
import qms.urls


def _mounted(patterns: list[Any], module: str) -> bool:
    return any(
        getattr(getattr(p, "urlconf_name", None), "__name__", None) == module
        or getattr(p, "urlconf_name", None) == module
        for p in patterns
    )


_PLANNING = ("risks", "context", "objectives")

_pages = [
    path(f"{app}/", include(f"qms.{app}.urls"))
    for app in _PLANNING
    if find_spec(f"qms.{app}.urls") is not None
    and not _mounted(qms.urls.urlpatterns, f"qms.{app}.urls")
]
_api = [
    path("", include(f"qms.{app}.api.urls"))
    for app in _PLANNING
    if find_spec(f"qms.{app}.api") is not None
    and find_spec(f"qms.{app}.api.urls") is not None
    and not _mounted(qms.api_urls.urlpatterns, f"qms.{app}.api.urls")
]

_api_patterns: list[Any] = [*_api, *qms.api_urls.urlpatterns]

urlpatterns = [
    *_pages,
    path("api/v1/", include((_api_patterns, "api"))),
    *[p for p in qms.urls.urlpatterns if "api/v1/" not in str(getattr(p, "pattern", ""))],
]

handler400 = qms.urls.handler400
handler403 = qms.urls.handler403
handler404 = qms.urls.handler404
handler500 = qms.urls.handler500
