"""The one place that decides between a partial and a full page for htmx requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def wants_partial(request: HttpRequest) -> bool:
    """htmx asked for a fragment (not a boosted full navigation or a history restore)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def render_page(
    request: HttpRequest, *, full: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    template = partial if wants_partial(request) else full
    response = TemplateResponse(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response
