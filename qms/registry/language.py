"""The public pages' language: English, or German (`qms/registry/locale/de`).

Chosen per request on the registry's pages only — `?lang=de`, else the browser's
Accept-Language, else English — so the rest of the product is unaffected and no
LocaleMiddleware is needed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGES = (("en", "English"), ("de", "Deutsch"))
SUPPORTED = tuple(code for code, _ in LANGUAGES)


def request_language(request: HttpRequest) -> str:
    asked = str(request.GET.get("lang", "")).lower()
    if asked in SUPPORTED:
        return asked
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(",")[:20]):
        code, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        base = code.strip().split("-")[0].lower()
        if base in SUPPORTED and weight > 0:
            ranked.append((-weight, index, base))
    return min(ranked)[2] if ranked else "en"


def in_request_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapped
