"""The personal calendar feed: `/calendar/<token>.ics` (no log-in: the token is the
credential) and `/account/calendar/`, where a person creates, replaces or revokes it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ..calendar import (
    calendar_feed_active,
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_user,
    calendar_ics,
)


@never_cache
@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed; an unknown, revoked or replaced token is the same plain 404."""
    user = calendar_feed_user(token=token)
    if user is None:
        raise Http404
    body = calendar_ics(user=user, base_url=settings.BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="qms.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_page(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the feed, showing its secret address once; or revoke it."""
    new_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if calendar_feed_revoke(actor=request.user):
                messages.success(request, _("Calendar feed revoked: its address no longer works."))
            return HttpResponseRedirect(reverse("core:calendar_feed"))
        _feed, token = calendar_feed_create(actor=request.user)
        new_url = settings.BASE_URL + reverse("core:calendar_feed_ics", args=[token])
    context = {
        "title": _("Calendar feed"),
        "feed": calendar_feed_active(user=request.user),
        "new_url": new_url,
        "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("Calendar feed"), None)],
    }
    return render(request, "core/calendar/feed.html", context)


urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed_ics, name="calendar_feed_ics"),
    path("account/calendar/", calendar_feed_page, name="calendar_feed"),
]
