"""Test URLconf: the product's URLs plus the planning apps' (context, risks, objectives)
until the lead includes them in qms/urls.py and qms/api_urls.py."""

from importlib.util import find_spec

from django.urls import include, path

import qms.api_urls
import qms.urls

EXTRA = [(name, f"qms.{name}.urls") for name in ("context", "risks", "objectives")]
API = [f"qms.{name}.api.urls" for name in ("context", "risks", "objectives")]


def _mounted(module):
    return any(
        getattr(getattr(p, "urlconf_name", None), "__name__", "") == module
        for p in qms.urls.urlpatterns + qms.api_urls.urlpatterns
    )


api_patterns = [path("", include(m)) for m in API if find_spec(m) and not _mounted(m)]
api_patterns += qms.api_urls.urlpatterns
urlpatterns = [path(f"{n}/", include(m)) for n, m in EXTRA if find_spec(m) and not _mounted(m)]
urlpatterns += [path("api/v1/", include((api_patterns, "api")))]
urlpatterns += [p for p in qms.urls.urlpatterns if "api/v1/" not in str(getattr(p, "pattern", ""))]
handler400 = qms.urls.handler400
handler403 = qms.urls.handler403
handler404 = qms.urls.handler404
handler500 = qms.urls.handler500
