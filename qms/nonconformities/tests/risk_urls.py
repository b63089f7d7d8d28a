"""Test URLconf: the product's URLs plus a stand-in for the risk register's detail page,
used only while qms/urls.py does not mount the risks app yet (see conftest fixture
`risk_urls` in test_risk_link.py)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

import qms.urls


def _risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"risk {pk}")


urlpatterns = [
    path("risks/", include(([path("<int:pk>/", _risk_detail, name="risk_detail")], "risks"))),
    *qms.urls.urlpatterns,
]

handler400 = qms.urls.handler400
handler403 = qms.urls.handler403
handler404 = qms.urls.handler404
handler500 = qms.urls.handler500


def use_risk_urls(settings: Any) -> None:
    """Point the tests at this URLconf unless the product already mounts the risk pages."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("risks:risk_detail", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
