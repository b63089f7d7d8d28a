"""Pages of an audit's work: the audit workspace (team, plan, checklist, findings,
conclusion; usable on a tablet and a phone), the plan page (by the audit's pk) with its
slots, sending and versions, a version's PDF, a checklist item (record, evidence and
photos), a finding; and the list and detail pages of each record. Every write is a small
POST view calling a service; refusals show beside the fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qms.core.attachments.selectors import attachments_for
from qms.core.errors import Conflict
from qms.core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.internal_audits.questions import questions_for

from ..models import (
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
)
from ..programme import selectors as programme_selectors
from . import forms, selectors, services
from .execution import worker_problem
from .plan_pdf import plan_issue_response
from .specs import CHECKLIST_ITEM, FINDING, ISSUE, MEMBER, PLAN, SLOT

WORKSPACE = "certification/audits/workspace.html"


def _audit(view: TenantViewMixin, pk: int, action: str = "view") -> CertAudit:
    queryset = programme_selectors.certaudit_detail_queryset(
        user=view.request.user, organization=view.organization
    )
    audit: CertAudit = get_object_or_404(queryset, pk=pk)
    if not view.can(action, model=CertAudit, obj=audit):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return audit


def _crumbs(audit: CertAudit, page: str) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (str(audit.programme), audit.programme.get_absolute_url()),
        (audit.get_kind_display(), audit.get_absolute_url()),
        (page, None),
    ]


def workspace_url(audit: CertAudit, section: str = "") -> str:
    url = reverse("certification:certaudit_workspace", args=[audit.pk])
    return f"{url}#{section}" if section else url


# --- The workspace -----------------------------------------------------------------------


class WorkspaceView(TenantViewMixin, View):
    """GET the workspace; POST one of its forms (`form` names which)."""

    model = CertAudit

    def context(self, audit: CertAudit, **bound: Any) -> dict[str, Any]:
        members = selectors.members_of(audit)
        items = selectors.checklist_of(audit)
        findings = list(selectors.findings_of([audit]))
        plan = selectors.plan_of(audit)
        may_work = worker_problem(actor=self.request.user, audit=audit) is None
        return {
            "audit": audit,
            "object": audit,
            "title": _("Audit workspace · %(audit)s") % {"audit": audit},
            "members": members,
            "plan": plan,
            "items": items,
            "summary": selectors.checklist_summary(items),
            "findings": findings,
            "may_manage_team": self.can("add", model=AuditTeamMember),
            "may_work": may_work and self.can("change", model=CertChecklistItem),
            "member_form": bound.get("member") or forms.MemberForm(audit=audit),
            "finding_form": bound.get("finding") or forms.FindingForm(audit=audit),
            "conclusion_form": bound.get("conclusion") or forms.ConclusionForm(audit=audit),
            "breadcrumbs": _crumbs(audit, _("Workspace")),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = _audit(self, pk)
        return render(request, WORKSPACE, self.context(audit))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = _audit(self, pk)
        which = request.POST.get("form", "")
        handler = {
            "member": self.add_member,
            "generate": self.generate,
            "finding": self.raise_finding,
            "conclusion": self.conclude,
        }.get(which)
        if handler is None:
            return HttpResponseRedirect(workspace_url(audit))
        return handler(request, audit)

    def _fail(self, audit: CertAudit, key: str, form: Any, error: Exception) -> HttpResponse:
        if isinstance(error, ValidationError):
            apply_validation_error(form, error)
        else:
            form.add_error(None, getattr(error, "message", str(error)))
        return render(self.request, WORKSPACE, self.context(audit, **{key: form}), status=400)

    def add_member(self, request: HttpRequest, audit: CertAudit) -> HttpResponse:
        if not self.can("add", model=AuditTeamMember):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = forms.MemberForm(data=request.POST, audit=audit)
        if not form.is_valid():
            return render(request, WORKSPACE, self.context(audit, member=form), status=400)
        try:
            services.team_member_add(actor=self.request.user, audit=audit, **form.cleaned_data)
        except (ValidationError, Conflict) as error:
            return self._fail(audit, "member", form, error)
        messages.success(request, _("Team member added."))
        return HttpResponseRedirect(workspace_url(audit, "team"))

    def generate(self, request: HttpRequest, audit: CertAudit) -> HttpResponse:
        try:
            added = services.checklist_generate(actor=self.request.user, audit=audit)
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)d checklist items added.") % {"count": added})
        return HttpResponseRedirect(workspace_url(audit, "checklist"))

    def raise_finding(self, request: HttpRequest, audit: CertAudit) -> HttpResponse:
        form = forms.FindingForm(data=request.POST, audit=audit)
        if not form.is_valid():
            return render(request, WORKSPACE, self.context(audit, finding=form), status=400)
        try:
            finding = services.finding_raise(
                actor=self.request.user, audit=audit, data=form.cleaned_data
            )
        except (ValidationError, Conflict) as error:
            return self._fail(audit, "finding", form, error)
        messages.success(request, _("Finding %(number)s raised.") % {"number": finding.number})
        return HttpResponseRedirect(workspace_url(audit, "findings"))

    def conclude(self, request: HttpRequest, audit: CertAudit) -> HttpResponse:
        form = forms.ConclusionForm(data=request.POST, audit=audit)
        if not form.is_valid():
            return render(request, WORKSPACE, self.context(audit, conclusion=form), status=400)
        try:
            services.audit_conclude(actor=self.request.user, audit=audit, data=form.cleaned_data)
        except (ValidationError, Conflict) as error:
            return self._fail(audit, "conclusion", form, error)
        messages.success(request, _("Audit concluded."))
        return HttpResponseRedirect(workspace_url(audit, "conclusion"))


class MemberRemoveView(TenantViewMixin, View):
    model = AuditTeamMember

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = get_object_or_404(self.scoped("view").select_related("audit"), pk=pk)
        self.require("delete", obj=member)
        form = forms.ReasonForm(data=request.POST)
        try:
            services.team_member_remove(
                actor=self.request.user,
                member=member,
                reason=form.data.get("reason", "") if form.is_bound else "",
            )
        except (ValidationError, Conflict) as error:
            text = "; ".join(getattr(error, "messages", [getattr(error, "message", "")]))
            messages.error(request, text)
        else:
            messages.success(request, _("Team member removed."))
        return HttpResponseRedirect(workspace_url(member.audit, "team"))


# --- Plan --------------------------------------------------------------------------------


class PlanByPkView(TenantViewMixin, View):
    """`certification:auditplan_detail`: a plan by its own key, shown on its audit's plan
    page (another organization's plan, or one the user may not view, is 404)."""

    model = AuditPlan

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plans = AuditPlan.objects.for_user(request.user, "view", organization=self.organization)
        plan = get_object_or_404(plans, pk=pk)
        return HttpResponseRedirect(
            reverse("certification:auditplan_of_audit", args=[plan.audit_id])
        )


plan_by_pk = PlanByPkView.as_view()


class PlanDetailView(TenantViewMixin, View):
    """The plan of one audit (`certification:auditplan_of_audit`, the audit's pk)."""

    model = AuditPlan
    template_name = "certification/audits/plan_detail.html"

    def context(self, audit: CertAudit, **bound: Any) -> dict[str, Any]:
        plan = selectors.plan_of(audit)
        initial = (
            {name: getattr(plan, name) for name in services.PLAN_FIELDS}
            if plan
            else services.default_plan(audit, services._programme_of(audit))
        )
        return {
            "audit": audit,
            "plan": plan,
            "title": _("Audit plan · %(audit)s") % {"audit": audit},
            "issues": selectors.plan_issues(plan) if plan else [],
            "may_edit": self.can("change", model=AuditPlan),
            "plan_form": bound.get("plan") or forms.PlanForm(initial=initial),
            "slot_form": bound.get("slot")
            or forms.SlotForm(audit=audit, initial={"day": audit.start_date}),
            "send_form": bound.get("send") or forms.SendForm(),
            "breadcrumbs": _crumbs(audit, _("Plan")),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = _audit(self, pk)
        return render(request, self.template_name, self.context(audit))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = _audit(self, pk)
        if not self.can("change", model=AuditPlan):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        which = request.POST.get("form", "")
        back = reverse("certification:auditplan_of_audit", args=[audit.pk])
        if which == "plan":
            form: Any = forms.PlanForm(data=request.POST)
            key = "plan"
            if form.is_valid():
                try:
                    services.plan_save(actor=self.request.user, audit=audit, data=form.cleaned_data)
                except (ValidationError, Conflict) as error:
                    return self._fail(audit, key, form, error)
                messages.success(request, _("Plan saved."))
                return HttpResponseRedirect(back)
        elif which == "slot":
            form = forms.SlotForm(data=request.POST, audit=audit)
            key = "slot"
            if form.is_valid():
                try:
                    plan = services.plan_save(actor=self.request.user, audit=audit, data={})
                    services.slot_add(actor=self.request.user, plan=plan, data=form.cleaned_data)
                except (ValidationError, Conflict) as error:
                    return self._fail(audit, key, form, error)
                messages.success(request, _("Slot added."))
                return HttpResponseRedirect(back + "#slots")
        elif which == "send":
            form = forms.SendForm(data=request.POST)
            key = "send"
            plan_obj = selectors.plan_of(audit)
            if form.is_valid():
                if plan_obj is None:
                    form.add_error(None, _("Write the plan before sending it."))
                else:
                    try:
                        issue = services.plan_send(
                            actor=self.request.user,
                            plan=plan_obj,
                            change_note=form.cleaned_data["change_note"],
                        )
                    except (ValidationError, Conflict) as error:
                        return self._fail(audit, key, form, error)
                    messages.success(
                        request,
                        _("Version %(version)d sent to the client.") % {"version": issue.version},
                    )
                    return HttpResponseRedirect(back + "#versions")
        else:
            return HttpResponseRedirect(back)
        return render(request, self.template_name, self.context(audit, **{key: form}), status=400)

    def _fail(self, audit: CertAudit, key: str, form: Any, error: Exception) -> HttpResponse:
        if isinstance(error, ValidationError):
            apply_validation_error(form, error)
        else:
            form.add_error(None, getattr(error, "message", str(error)))
        return render(
            self.request, self.template_name, self.context(audit, **{key: form}), status=400
        )


class SlotRemoveView(TenantViewMixin, View):
    model = AuditPlanSlot

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        slot = get_object_or_404(self.scoped("view").select_related("plan"), pk=pk)
        self.require("change", obj=slot)
        try:
            services.slot_remove(
                actor=self.request.user, slot=slot, reason=request.POST.get("reason", "")
            )
        except (ValidationError, Conflict) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return HttpResponseRedirect(
            reverse("certification:auditplan_of_audit", args=[slot.plan.audit_id]) + "#slots"
        )


class IssuePdfView(TenantViewMixin, View):
    model = AuditPlanIssue

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = get_object_or_404(self.scoped("view"), pk=pk)
        return plan_issue_response(issue)


# --- Checklist item and finding ----------------------------------------------------------


class ChecklistItemDetailView(TenantViewMixin, View):
    """One item on a tablet or phone: the questions, the record form, evidence files and
    photos (the camera opens on a phone)."""

    model = CertChecklistItem
    template_name = "certification/audits/checklist_item.html"

    def item(self) -> CertChecklistItem:
        queryset = self.scoped("view").select_related(
            "audit__programme__client", "clause__edition__standard", "site", "checked_by"
        )
        item: CertChecklistItem = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return item

    def context(self, item: CertChecklistItem, **bound: Any) -> dict[str, Any]:
        audit = item.audit
        initial = {
            "result": item.result,
            "notes": item.notes,
            "site": item.site_id,
            "version": item.version,
        }
        return {
            "item": item,
            "object": item,
            "audit": audit,
            "title": str(item.clause),
            "questions": questions_for(item.clause),
            "files": list(attachments_for(subject=item)),
            "findings": list(item.findings.all().order_by("id")),
            "may_work": worker_problem(actor=self.request.user, audit=audit) is None
            and audit.concluded_at is None
            and self.can("change", obj=item),
            "form": bound.get("form") or forms.ChecklistForm(audit=audit, initial=initial),
            "evidence_form": bound.get("evidence") or forms.EvidenceForm(),
            "finding_form": forms.FindingForm(
                audit=audit, initial={"checklist_item": item.pk, "grade": item.result or "minor"}
            ),
            "workspace_url": workspace_url(audit, "checklist"),
            "breadcrumbs": _crumbs(audit, str(item.clause)),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, self.context(self.item()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.item()
        self.require("change", obj=item)
        if "file" in request.FILES:
            evidence = forms.EvidenceForm(data=request.POST, files=request.FILES)
            if evidence.is_valid():
                try:
                    services.checklist_attach(
                        actor=self.request.user,
                        item=item,
                        upload=evidence.cleaned_data["file"],
                        description=evidence.cleaned_data["description"],
                    )
                except (ValidationError, Conflict) as error:
                    self._apply(evidence, error)
                else:
                    messages.success(request, _("Evidence attached."))
                    return HttpResponseRedirect(request.path)
            return render(
                request, self.template_name, self.context(item, evidence=evidence), status=400
            )
        form = forms.ChecklistForm(data=request.POST, audit=item.audit)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.checklist_record(
                    actor=self.request.user, item=item, data=data, version=version
                )
            except (ValidationError, Conflict) as error:
                self._apply(form, error)
            else:
                messages.success(request, _("Recorded."))
                return HttpResponseRedirect(workspace_url(item.audit, f"item-{item.pk}"))
        return render(request, self.template_name, self.context(item, form=form), status=400)

    @staticmethod
    def _apply(form: Any, error: Exception) -> None:
        if isinstance(error, ValidationError):
            apply_validation_error(form, error)
        else:
            form.add_error(None, getattr(error, "message", str(error)))


class FindingDetailView(ObjectDetailView):
    spec = FINDING
    template_name = "certification/audits/finding_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related(
            "audit__programme__client",
            "clause__edition__standard",
            "site",
            "raised_by",
            "checklist_item",
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context.update(
            {
                "finding": obj,
                "title": f"{obj.number} · {obj.get_grade_display()}",
                "responses": list(obj.responses.select_related("submitted_by", "reviewed_by")),
                "edit_url": None,
                "workspace_url": workspace_url(obj.audit, "findings"),
                "breadcrumbs": _crumbs(obj.audit, obj.number),
            }
        )
        return context


# --- Lists and plain detail pages (each record's own address) ----------------------------


class _List(ObjectListView):
    related: tuple[str, ...] = ("audit__programme__client",)

    def get_queryset(self) -> Any:
        return self.scoped("view").select_related(*self.related)


class MemberListView(_List):
    spec = MEMBER
    columns = MEMBER.columns
    related = ("person", "audit__programme__client")


class PlanListView(_List):
    spec = PLAN
    columns = PLAN.columns


class SlotListView(_List):
    spec = SLOT
    columns = SLOT.columns
    related = ("site", "auditor", "plan")


class IssueListView(_List):
    spec = ISSUE
    columns = ISSUE.columns
    related = ("sent_by", "plan__audit__programme__client")


class ChecklistItemListView(_List):
    spec = CHECKLIST_ITEM
    columns = CHECKLIST_ITEM.columns
    related = ("clause__edition__standard", "audit__programme__client")


class FindingListView(_List):
    spec = FINDING
    columns = FINDING.columns
    related = ("clause__edition__standard", "audit__programme__client")


class MemberDetailView(ObjectDetailView):
    spec = MEMBER

    def get_object(self) -> Any:
        return get_object_or_404(
            self.scoped("view").select_related("person", "audit__programme__client"),
            pk=self.kwargs["pk"],
        )


class SlotDetailView(ObjectDetailView):
    spec = SLOT


class IssueDetailView(ObjectDetailView):
    spec = ISSUE
    template_name = "certification/audits/issue_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["pdf_url"] = reverse("certification:auditplanissue_pdf", args=[obj.pk])
        return context
