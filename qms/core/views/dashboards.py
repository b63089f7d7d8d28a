"""Dashboard pages beside the home dashboard: `/dashboard/<slug>/`, one page of cards that a
module declared with `core.dashboard.register_dashboard_page`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..dashboard import cards_for, dashboard_page, page_allowed, pages_for


@require_safe
@login_required
def dashboard_page_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A dashboard page's cards; 404 for an unknown page or one the role may not open."""
    if getattr(request, "organization", None) is None:
        return render(request, "core/no_organization.html", status=403)
    page = dashboard_page(slug)
    if page is None or not page_allowed(request, page):
        raise Http404("No such dashboard.")
    context = {
        "page": page,
        "title": page.title,
        "cards": cards_for(request, page=page.slug),
        "dashboard_pages": pages_for(request),
    }
    return render(request, "core/dashboard_page.html", context)
