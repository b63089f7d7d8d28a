"""Checklist pages: the audit's checklist grouped by clause (each item saved on its own, as a
plain form or as JSON from the offline queue of checklist.js), one item's page, and the list
of checklist items across audits."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.attachments.selectors import attachments_for_many
from qms.core.errors import Conflict
from qms.core.permissions import has_object_perm
from qms.core.tables import Column
from qms.core.views.attachments import attachment_panel
from qms.core.views.generic import TenantViewMixin
from qms.core.views.listing import ObjectListView

from .. import checklists, findings
from ..choices import ANSWER_CHOICES, AuditStatus, ChecklistAnswer
from ..filtersets import ChecklistItemFilterSet
from ..models import Audit, ChecklistItem


class AnswerForm(forms.Form):
    """One item's answer (the page's no-JavaScript path and the JSON endpoint share it)."""

    answer = forms.ChoiceField(
        label=gettext_lazy("Answer"), choices=ChecklistAnswer.choices, required=False
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=10000, widget=forms.Textarea
    )
    evidence_notes = forms.CharField(
        label=gettext_lazy("Evidence seen"),
        required=False,
        max_length=10000,
        widget=forms.Textarea,
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _audit_for(view: TenantViewMixin, pk: Any) -> Audit:
    queryset = Audit.objects.for_user(view.request.user, "view", organization=view.organization)
    audit: Audit = get_object_or_404(queryset.select_related("previous", "lead_auditor"), pk=pk)
    return audit


def _item_for(view: TenantViewMixin, pk: Any) -> ChecklistItem:
    queryset = ChecklistItem.objects.for_user(
        view.request.user, "view", organization=view.organization
    )
    item: ChecklistItem = get_object_or_404(
        queryset.select_related("audit", "clause", "answered_by"), pk=pk
    )
    return item


def may_answer(view: TenantViewMixin, audit: Audit) -> tuple[bool, str | None]:
    """Whether the user may answer the audit's checklist now, and why not."""
    if not view.can("change", model=ChecklistItem):
        return False, _("Your role does not answer audit checklists.")
    problem = checklists.answer_problem(actor=view.request.user, audit=audit)
    return problem is None, problem


class ChecklistView(TenantViewMixin, View):
    """The audit's checklist, grouped by clause, with guidance, earlier answers beside, the
    answer of each item, its notes, evidence and attached files."""

    model = ChecklistItem
    template_name = "internal_audits/checklists/checklist.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = _audit_for(self, pk)
        self.require("view")
        items = list(
            checklists.checklist_items(
                user=request.user, organization=self.organization, audit=audit
            )
        )
        files = attachments_for_many(subjects=items)
        by_item = checklists.findings_by_item(items)
        for item in items:
            item.files = files.get(item, [])  # type: ignore[attr-defined]
            item.finding = by_item.get(item.pk)  # type: ignore[attr-defined]
        can_answer, why_not = may_answer(self, audit)
        can_generate = has_object_perm(
            request.user, audit, "change", organization=self.organization
        ) and audit.status in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)
        context = {
            "title": _("Checklist of %(audit)s") % {"audit": audit.number},
            "audit": audit,
            "groups": checklists.group_by_clause(items),
            "progress": checklists.progress(items),
            "answer_choices": ANSWER_CHOICES,
            "can_answer": can_answer,
            "why_not": why_not,
            "can_generate": can_generate,
            "upload_type": ChecklistItem._meta.label_lower,
            "checklist_url": reverse("internal_audits:checklist", args=[audit.pk]),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Internal audits"), reverse("internal_audits:audit_list")),
                (audit.number, audit.get_absolute_url()),
                (_("Checklist"), None),
            ],
        }
        return render(request, self.template_name, context)


class ChecklistGenerateView(TenantViewMixin, View):
    """Generate (or complete) the checklist from the audit's criteria (POST)."""

    model = Audit

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        audit = _audit_for(self, pk)
        self.require("change", obj=audit)
        try:
            added = checklists.checklist_generate(actor=request.user, audit=audit)
        except Conflict as error:
            messages.error(request, error.message)
        else:
            if added:
                messages.success(
                    request, _("%(count)d questions added to the checklist.") % {"count": added}
                )
            else:
                messages.info(request, _("The checklist already covers every criteria clause."))
        return HttpResponseRedirect(reverse("internal_audits:checklist", args=[audit.pk]))


def item_json(item: ChecklistItem, finding: Any = None) -> dict[str, Any]:
    nonconformity = getattr(finding, "nonconformity", None)
    return {
        "id": item.pk,
        "version": item.version,
        "answer": item.answer,
        "answer_display": item.get_answer_display(),
        "notes": item.notes,
        "evidence_notes": item.evidence_notes,
        "finding_number": finding.number if finding is not None else None,
        "finding_status": finding.status if finding is not None else None,
        "nonconformity_number": nonconformity.number if nonconformity is not None else None,
    }


def _errors_json(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for m in ValidationError(v).messages]
            for name, v in error.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


SESSION_ENDED = gettext_lazy(
    "Your session has ended: log in again; your answers are kept in this browser."
)

ANOTHER_USER = gettext_lazy(
    "You are logged in as another user: these answers are kept in this browser for the user "
    "who typed them; log in as that user to send them."
)


def json_request(request: HttpRequest) -> bool:
    """Whether the request comes from a script expecting JSON (the checklist's offline queue)."""
    accept = request.headers.get("Accept", "")
    return (
        (request.content_type or "") == "application/json"
        or "application/json" in accept
        or bool(request.headers.get("X-Requested-With"))
    )


class ChecklistItemDetailView(TenantViewMixin, View):
    """One checklist item: its question, guidance, answer form and objective evidence."""

    model = ChecklistItem
    template_name = "internal_audits/checklists/item_detail.html"

    def render_item(
        self, item: ChecklistItem, form: AnswerForm | None = None, status: int = 200
    ) -> HttpResponse:
        audit = item.audit
        can_answer, why_not = may_answer(self, audit)
        finding = findings.item_finding(item)
        context = {
            "title": _("Checklist question %(number)s")
            % {"number": item.clause.number if item.clause else item.pk},
            "item": item,
            "audit": audit,
            "finding": finding,
            "form": form,
            "answer_choices": ANSWER_CHOICES,
            "can_answer": can_answer,
            "why_not": why_not,
            "checklist_url": reverse("internal_audits:checklist", args=[audit.pk]),
            **attachment_panel(request=self.request, subject=item),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Internal audits"), reverse("internal_audits:audit_list")),
                (audit.number, audit.get_absolute_url()),
                (_("Checklist"), reverse("internal_audits:checklist", args=[audit.pk])),
                (str(item.clause.number) if item.clause else _("Question"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item_for(self, pk)
        self.require("view")
        return self.render_item(item)


class ChecklistItemAnswerView(ChecklistItemDetailView):
    """Save one item's answer. A form post redirects back to the checklist (errors shown on
    the item's page); a JSON post (the offline queue) answers JSON: 200 with the stored item,
    400 with field errors, 403, 404, or 409 with the stored values on a conflict."""

    def _wants_json(self) -> bool:
        return (self.request.content_type or "") == "application/json"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """An ended session: a JSON request (the offline queue) gets 401 JSON, not the
        log-in mixin's redirect that fetch would follow to a 200 HTML page and take for
        "saved"; a form post is still sent to the log-in page."""
        if not request.user.is_authenticated and json_request(request):
            return JsonResponse({"detail": str(SESSION_ENDED)}, status=401)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The item's answer form, for those who may answer it (others get 403, as on every
        change page)."""
        item = _item_for(self, pk)
        self.require("change", obj=item)
        return self.render_item(item)

    def _another_user(self) -> bool:
        """The queue names the user who typed the answers (X-Checklist-User): on a shared
        tablet, answers typed by one user are never saved under another user's log-in."""
        typed_by = self.request.headers.get("X-Checklist-User")
        return bool(typed_by) and typed_by != str(self.request.user.pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        as_json = self._wants_json()
        if as_json and self._another_user():
            return JsonResponse({"detail": str(ANOTHER_USER)}, status=401)
        try:
            item = _item_for(self, pk)
        except Http404:
            if as_json:
                return JsonResponse({"detail": _("Not found.")}, status=404)
            raise
        if as_json:
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return JsonResponse({"detail": _("The body is not valid JSON.")}, status=400)
            if not isinstance(data, dict):
                return JsonResponse({"detail": _("Send a JSON object.")}, status=400)
            form = AnswerForm(data)
        else:
            form = AnswerForm(request.POST)
        if not self.can("change", obj=item):
            if as_json:
                return JsonResponse(
                    {"detail": _("Your role does not answer audit checklists.")}, status=403
                )
            raise PermissionDenied
        if not form.is_valid():
            if as_json:
                return JsonResponse(
                    {name: [str(e) for e in errors] for name, errors in form.errors.items()},
                    status=400,
                )
            return self.render_item(item, form, status=400)
        cleaned = form.cleaned_data
        try:
            saved = checklists.checklist_answer(
                actor=request.user,
                item=item,
                answer=cleaned["answer"],
                notes=cleaned["notes"],
                evidence_notes=cleaned["evidence_notes"],
                version=cleaned.get("version"),
            )
        except ValidationError as error:
            if as_json:
                return JsonResponse(_errors_json(error), status=400)
            for name, messages_ in _errors_json(error).items():
                form.add_error(name if name in form.fields else None, messages_)
            return self.render_item(item, form, status=400)
        except PermissionDenied as error:
            if as_json:
                return JsonResponse({"detail": str(error)}, status=403)
            raise
        except Conflict as error:
            stored = ChecklistItem.objects.for_organization(item.organization_id).get(pk=item.pk)
            if as_json:
                return JsonResponse(
                    {
                        "detail": error.message,
                        "code": error.code,
                        "current": item_json(stored, findings.item_finding(stored)),
                    },
                    status=409,
                )
            form.add_error(None, error.message)
            return self.render_item(stored, form, status=409)
        finding = findings.item_finding(saved)
        if as_json:
            return JsonResponse(item_json(saved, finding))
        note = _("Answer saved.")
        if finding is not None and finding.nonconformity is not None:
            note = _("Answer saved: finding %(finding)s is nonconformity %(nc)s.") % {
                "finding": finding.number,
                "nc": finding.nonconformity.number,
            }
        elif finding is not None and finding.is_withdrawn:
            note = _("Answer saved: finding %(finding)s is withdrawn (kept, marked withdrawn).") % {
                "finding": finding.number
            }
        elif finding is not None:
            note = _("Answer saved: finding %(finding)s.") % {"finding": finding.number}
        messages.success(request, note)
        target = reverse("internal_audits:checklist", args=[saved.audit_id])
        return HttpResponseRedirect(f"{target}#item-{saved.pk}")


class ChecklistItemListView(ObjectListView):
    model = ChecklistItem
    filterset_class = ChecklistItemFilterSet
    columns = (
        Column("audit.number", gettext_lazy("Audit"), sort="audit__number"),
        Column("clause.number", gettext_lazy("Clause"), sort="position"),
        Column("question", link=True, sort=False),
        Column("answer"),
        Column("answered_by", sort="answered_by__email"),
        Column("answered_at"),
    )
    title = "Audit checklist items"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("audit", "clause", "answered_by")
