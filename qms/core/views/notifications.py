"""The notifications page (`/notifications/`): the user's own inbox, unread first.

Works without JavaScript (plain forms that POST and redirect back); with htmx the forms
swap the list in place and refresh the header's unread badge out of band. Anyone else's
notification does not exist for the user (404).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ..htmx import render_page, wants_partial
from ..notifications import (
    Notification,
    notification_get,
    notification_list,
    notification_mark_read,
    notifications_mark_all_read,
    notifications_unread_count,
)

PER_PAGE = 25
LIST = "core/notifications/notification_list.html"
PARTIAL = "core/notifications/partials/_list.html"


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `notifications_unread`, the user's unread count, counted only if a
    template reads it (one indexed COUNT per page at most)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return notifications_unread_count(user=user)

    return {"notifications_unread": count}


def _show(request: HttpRequest) -> str:
    value = request.GET.get("show", "")
    return value if value in ("unread", "read") else "all"


def _list_context(request: HttpRequest) -> dict[str, Any]:
    show = _show(request)
    unread = {"unread": True, "read": False}.get(show)
    paginator = Paginator(notification_list(user=request.user, unread=unread), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "title": _("Notifications"),
        "page_obj": page,
        "notifications": list(page.object_list),
        "show": show,
        "unread_count": notifications_unread_count(user=request.user),
        "breadcrumbs": [(_("Notifications"), None)],
    }


@require_GET
@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    return render_page(request, full=LIST, partial=PARTIAL, context=_list_context(request))


def _back(request: HttpRequest) -> HttpResponse:
    """After a change: the list again (the partial for htmx, else a redirect to the page)."""
    if wants_partial(request):
        return render_page(request, full=LIST, partial=PARTIAL, context=_list_context(request))
    target = reverse("core:notification_list")
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{target}?{query}" if query else target)


def _own(request: HttpRequest, pk: int) -> Notification:
    try:
        return notification_get(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None


@require_POST
@login_required
def notification_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    notification_mark_read(actor=request.user, notification=_own(request, pk))
    return _back(request)


@require_POST
@login_required
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to what the notification is about (or back to the list)."""
    notification = notification_mark_read(actor=request.user, notification=_own(request, pk))
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        url = reverse("core:notification_list")  # only ever a path inside the product
    return HttpResponseRedirect(url)


@require_POST
@login_required
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(actor=request.user)
    if not wants_partial(request):
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.",
                "%(count)d notifications marked read.",
                marked,
            )
            % {"count": marked},
        )
    return _back(request)
