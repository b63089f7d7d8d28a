"""Dashboard, audit log, health endpoints."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..audit import AuditEvent
from ..dashboard import cards_for, pages_for
from ..filtersets import AuditEventFilterSet
from ..tables import Column
from .generic import ObjectDetailView, ObjectListView


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if getattr(request, "organization", None) is None:
        return render(request, "core/no_organization.html", status=403)
    context = {
        "cards": cards_for(request),
        "title": _("Dashboard"),
        "dashboard_pages": pages_for(request),
    }
    return render(request, "core/dashboard.html", context)


class AuditEventListView(ObjectListView):
    model = AuditEvent
    filterset_class = AuditEventFilterSet
    title = str(_("Audit log"))
    paginate_by = 50
    columns = (
        Column("created_at", _("Time"), link=True),
        Column("actor_label", _("Actor")),
        Column("event_type", _("Event")),
        Column("description", _("What"), sort=False),
        Column("subject_label", _("Subject"), sort=False),
        Column("ip", _("IP address"), sort=False),
    )

    def default_sort(self) -> str:
        return "-created_at"


class AuditEventDetailView(ObjectDetailView):
    model = AuditEvent
    template_name = "core/auditevent_detail.html"
    fields = (
        Column("created_at", _("Time")),
        Column("actor_display", _("Actor")),
        Column("event_type", _("Event")),
        Column("description", _("What")),
        Column("subject_type", _("Subject type")),
        Column("subject_id", _("Subject id")),
        Column("subject_label", _("Subject")),
        Column("request_id", _("Request id")),
        Column("ip", _("IP address")),
        Column("chain", _("Chain")),
        Column("sequence", _("Sequence")),
        Column("prev_hash", _("Previous hash")),
        Column("hash", _("Hash")),
    )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["history"] = []
        context["title"] = f"{obj.event_type} · {obj.subject_label or obj.chain}"
        return context


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers. 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": {"status": "error", "error": type(error).__name__}},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": {"status": "ok", "vendor": connection.vendor}})


@require_GET
@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """Liveness: the process serves requests. Touches nothing (the benchmark's floor)."""
    return HttpResponse("ok", content_type="text/plain")
