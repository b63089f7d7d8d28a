"""Test URLconf: the product's URLs plus the risk register's (until qms/urls.py and
qms/api_urls.py include them)."""

from django.urls import include, path

import qms.api_urls
import qms.urls

_mounted = any("risks" in str(getattr(p, "pattern", "")) for p in qms.urls.urlpatterns)
_api_mounted = any(
    getattr(p, "urlconf_name", None) is not None
    and getattr(p.urlconf_name, "__name__", "") == "qms.risks.api.urls"
    for p in qms.api_urls.urlpatterns
)


class _Api:
    app_name = "api"
    urlpatterns = [
        *([] if _api_mounted else [path("", include("qms.risks.api.urls"))]),
        *qms.api_urls.urlpatterns,
    ]


urlpatterns = [
    *([] if _mounted else [path("risks/", include("qms.risks.urls"))]),
    path("api/v1/", include((_Api.urlpatterns, "api"))),
    *[p for p in qms.urls.urlpatterns if "api/v1/" not in str(getattr(p, "pattern", ""))],
]

handler400 = qms.urls.handler400
handler403 = qms.urls.handler403
handler404 = qms.urls.handler404
handler500 = qms.urls.handler500
