"""Pages of internal audits: list (filters, search, CSV/XLSX), add/edit, detail (plan, team,
criteria, checklist summary, findings, follow-ups) and "start a follow-up audit". Workflow
steps go through core's ObjectTransitionView."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
)

from .. import selectors, services
from ..choices import AuditStatus
from ..filtersets import AuditFilterSet
from ..forms import AuditForm, FollowUpForm
from ..models import Audit
from ..specs import AUDIT


def _reverse_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class AuditListView(ObjectListView):
    model = Audit
    columns = AUDIT.columns
    filterset_class = AuditFilterSet
    title = "Internal audits"

    def get_queryset(self) -> models.QuerySet[Any]:
        return selectors.audit_list(user=self.request.user, organization=self.organization)

    def extra_links(self) -> list[tuple[str, str]]:
        links = list(super().extra_links())
        links.append((_("Audit programme"), reverse("internal_audits:auditprogramme_list")))
        links.append((_("Audit KPIs"), reverse("internal_audits:audit_kpis")))
        findings = _reverse_or_none("internal_audits:finding_list")
        if findings:
            links.append((_("Findings"), findings))
        return links


class AuditCreateView(ObjectCreateView):
    spec = AUDIT
    form_class = AuditForm
    create_service = staticmethod(services.audit_create)

    def form_kwargs(self) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "planned_month": timezone.localdate().replace(day=1),
            "lead_auditor": self.request.user.pk,
        }
        programme = self.request.GET.get("programme", "")
        if programme.isdigit():
            initial["programme"] = int(programme)
        return {**super().form_kwargs(), "initial": initial}


class AuditUpdateView(ObjectUpdateView):
    spec = AUDIT
    form_class = AuditForm
    update_service = staticmethod(services.audit_update)

    def _closed(self, request: HttpRequest, obj: Any) -> HttpResponse:
        messages.error(request, _("Only a planned or running audit can be changed."))
        return HttpResponseRedirect(obj.get_absolute_url())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if obj.status not in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS):
            return self._closed(request, obj)
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if obj.status not in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS):
            return self._closed(request, obj)
        try:
            return super().post(request, *args, **kwargs)
        except Conflict:
            return self._closed(request, obj)


class AuditDetailView(ObjectDetailView):
    spec = AUDIT
    template_name = "internal_audits/audit_detail.html"

    def get_object(self) -> Any:
        queryset = selectors.audit_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        if obj.status not in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS):
            context["edit_url"] = None
        follow_ups = list(
            Audit.objects.for_organization(self.organization)
            .filter(previous=obj)
            .order_by("planned_month", "number")
        )
        found = selectors.findings_of(audit=obj)
        withdrawn = sum(1 for finding in found if finding.is_withdrawn)
        context.update(
            {
                "audit": obj,
                "summary": selectors.checklist_summary(audit=obj),
                "findings": found,
                "raised_findings": len(found) - withdrawn,
                "withdrawn_findings": withdrawn,
                "follow_ups": follow_ups,
                "checklist_url": _reverse_or_none("internal_audits:checklist", obj.pk),
                "report_urls": [
                    (label, url)
                    for label, url in (
                        (
                            _("Report (PDF)"),
                            _reverse_or_none("internal_audits:audit_report_pdf", obj.pk),
                        ),
                        (
                            _("Report (Word)"),
                            _reverse_or_none("internal_audits:audit_report_docx", obj.pk),
                        ),
                    )
                    if url
                ]
                if obj.status in (AuditStatus.REPORTED, AuditStatus.CLOSED)
                else [],
                "may_follow_up": obj.status != AuditStatus.CANCELLED
                and self.can("follow_up", obj=obj),
                "follow_up_form": FollowUpForm(
                    initial={"planned_month": timezone.localdate().replace(day=1)}
                ),
            }
        )
        return context


class AuditFollowUpView(TenantViewMixin, View):
    """POST: a new planned audit following this one (same processes, criteria and team)."""

    model = Audit

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audit = get_object_or_404(self.scoped("view"), pk=kwargs["pk"])
        self.require("follow_up", audit)
        self.require("add")
        form = FollowUpForm(data=request.POST)
        if not form.is_valid():
            for error in form.errors.get("planned_month", []):
                messages.error(request, _("Planned month: %(error)s") % {"error": error})
            return HttpResponseRedirect(audit.get_absolute_url())
        try:
            created = services.audit_follow_up(
                actor=request.user, audit=audit, planned_month=form.cleaned_data["planned_month"]
            )
        except (ValidationError, Conflict) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
            return HttpResponseRedirect(audit.get_absolute_url())
        messages.success(
            request, _("Follow-up audit %(number)s planned.") % {"number": created.number}
        )
        return HttpResponseRedirect(created.get_absolute_url())


__all__ = [
    "AuditCreateView",
    "AuditDetailView",
    "AuditFollowUpView",
    "AuditListView",
    "AuditUpdateView",
]
