"""Pages of the audit programme: the programme list, a new programme (also from an accepted
application), the programme page with its timeline and audits, its decision date and
special audits; an audit's page, planning it and recording it as done; the certification
body's calendar of audits due. The other workflow steps go through core's
ObjectTransitionView."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from qms.core.charts import Series, bar_chart
from qms.core.errors import Conflict
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.core.workflow import available_transitions

from ..choices import ProgrammeKind, ProgrammeStatus
from ..models import CertAudit, CertificationDecision, CertificationProgramme
from . import planning, rules, selectors, services
from .filtersets import CertAuditFilterSet, ProgrammeFilterSet
from .forms import (
    CalendarFilterForm,
    CompleteForm,
    DecisionForm,
    PlanForm,
    ProgrammeEditForm,
    ProgrammeForm,
    SpecialAuditForm,
)
from .specs import CERT_AUDIT, PROGRAMME
from .timeline import AuditSpan, Milestone, build

PROGRAMME_NAMES = {
    "list": "certification:programme_list",
    "add": "certification:programme_add",
    "detail": "certification:programme_detail",
    "edit": "certification:programme_edit",
}


class ProgrammeMixin(TenantViewMixin):
    model = CertificationProgramme
    kwargs: dict[str, Any]

    def url_for(self, action: str, obj: Any = None) -> str | None:
        name = PROGRAMME_NAMES.get(action)
        if name is None:
            return None
        return reverse(name, args=[obj.pk] if obj is not None else [])

    def get_programme(self, action: str = "view") -> CertificationProgramme:
        queryset = selectors.programme_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        programme: CertificationProgramme = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.require(action, programme)
        return programme

    def crumbs(self, programme: CertificationProgramme, page: str) -> list[tuple[str, str | None]]:
        return [
            *self.base_breadcrumbs(),
            (str(programme), programme.get_absolute_url()),
            (page, None),
        ]


class ProgrammeListView(ProgrammeMixin, ObjectListView):
    columns = PROGRAMME.columns
    filterset_class = ProgrammeFilterSet
    title = "Certification programmes"

    def get_queryset(self) -> Any:
        return selectors.programme_list(user=self.request.user, organization=self.organization)

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Audit calendar"), reverse("certification:programme_calendar"))]


class ProgrammeCreateView(ProgrammeMixin, ObjectCreateView):
    """A new programme; `?application=<pk>` prefills it from an accepted application."""

    spec = PROGRAMME
    form_class = ProgrammeForm

    def form_kwargs(self) -> dict[str, Any]:
        kwargs = super().form_kwargs()
        if self.request.method == "GET":
            kwargs["initial"] = self._from_application()
        return kwargs

    def _from_application(self) -> dict[str, Any]:
        raw = self.request.GET.get("application", "")
        if not raw.isdigit():
            return {}
        queryset = selectors.application_queryset(
            user=self.request.user, organization=self.organization
        )
        application = get_object_or_404(queryset, pk=int(raw))
        kind = {
            "initial": ProgrammeKind.INITIAL,
            "recertification": ProgrammeKind.RECERTIFICATION,
            "transfer": ProgrammeKind.TRANSFER,
        }.get(application.type, ProgrammeKind.INITIAL)
        return {
            "client": application.client_id,
            "application": application.pk,
            "kind": kind,
            "editions": [edition.pk for edition in application.editions.all()],
            "iaf_codes": [code.pk for code in application.iaf_codes.all()],
        }

    def perform_create(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.programme_create(
            actor=self.request.user,
            client=data["client"],
            kind=data["kind"],
            editions=data["editions"],
            iaf_codes=data["iaf_codes"],
            application=data.get("application"),
            previous_expiry=data.get("previous_expiry"),
            stage1=bool(data.get("stage1")),
            notes=data.get("notes") or "",
        )


class ProgrammeUpdateView(ProgrammeMixin, ObjectUpdateView):
    form_class = ProgrammeEditForm
    update_service = staticmethod(services.programme_update)


def audit_span(audit: CertAudit, today: dt.date) -> AuditSpan:
    status_label = audit.get_status_display()
    overdue = selectors.is_overdue(audit, today)
    if overdue:
        status_label = _("%(status)s, overdue") % {"status": status_label}
    return AuditSpan(
        label=audit.get_kind_display(),
        status=audit.status,
        status_label=status_label,
        due_from=audit.due_from,
        due_by=audit.due_by,
        start=audit.start_date,
        end=audit.end_date,
        overdue=overdue,
        url=audit.get_absolute_url(),
    )


def programme_milestones(
    programme: CertificationProgramme,
    dates: rules.CycleDates | None,
    policy: rules.ProgrammePolicy,
) -> list[Milestone]:
    """The dated points of the cycle shown on the timeline, in words."""
    found: list[Milestone] = []
    decision = {
        ProgrammeKind.INITIAL: _("Certification decision"),
        ProgrammeKind.RECERTIFICATION: _("Recertification decision"),
        ProgrammeKind.TRANSFER: _("Transfer decision"),
    }[ProgrammeKind(programme.kind)]
    if programme.decision_date:
        found.append(Milestone("decision", decision, programme.decision_date))
    if programme.previous_expiry and programme.kind == ProgrammeKind.RECERTIFICATION:
        found.append(
            Milestone(
                "previous_expiry", _("Current certificate expires"), programme.previous_expiry
            )
        )
        if programme.decision_date is None:
            found.append(
                Milestone(
                    "previous_restoration",
                    _("Restoration deadline"),
                    rules.restoration_deadline(programme.previous_expiry, policy),
                )
            )
    if programme.stage2_last_day:
        found.append(
            Milestone(
                "majors",
                _("Majors verified by"),
                rules.major_nc_verification_deadline(programme.stage2_last_day, policy),
            )
        )
    if dates is not None:
        expiry = programme.expiry or dates.expiry
        found += [
            Milestone(
                "recertification_decision_by",
                _("Recertification decision by"),
                expiry - planning.ONE_DAY,
            ),
            Milestone("expiry", _("Expiry"), expiry),
            Milestone(
                "restoration",
                _("Restoration deadline"),
                rules.restoration_deadline(expiry, policy),
            ),
        ]
    return found


class ProgrammeDetailView(ProgrammeMixin, View):
    template_name = "certification/programme/programme_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme()
        return render(request, self.template_name, self.context(programme))

    def context(
        self, programme: CertificationProgramme, decision_form: DecisionForm | None = None
    ) -> dict[str, Any]:
        today = timezone.localdate()
        policy = services.policy_of(self.organization)
        audits = selectors.programme_audits(programme=programme)
        try:
            dates = planning.cycle_dates_of(
                kind=programme.kind,
                decision_date=programme.decision_date,
                previous_expiry=programme.previous_expiry,
                policy=policy,
            )
        except rules.ProgrammeRuleError:
            dates = None
        timeline = build(
            audits=[audit_span(audit, today) for audit in audits],
            milestones=programme_milestones(programme, dates, policy),
            today=today,
        )
        majors = None
        if programme.stage2_last_day:
            deadline = rules.major_nc_verification_deadline(programme.stage2_last_day, policy)
            majors = {
                "deadline": deadline,
                "months": policy.major_verification_months,
                "passed": today > deadline and programme.status == ProgrammeStatus.PLANNING,
            }
        planning_open = programme.status == ProgrammeStatus.PLANNING
        may_plan = self.can("plan", obj=programme)
        may_add_audit = may_plan and programme.status not in (
            ProgrammeStatus.COMPLETED,
            ProgrammeStatus.CLOSED,
        )
        closing = [
            step
            for step in available_transitions(user=self.request.user, obj=programme)
            if step.name == "close"
        ]
        return {
            "programme": programme,
            "object": programme,
            "title": str(programme),
            "audits": [(audit, selectors.is_overdue(audit, today)) for audit in audits],
            "dates": dates,
            "timeline": timeline,
            "majors": majors,
            "today": today,
            "decision_form": decision_form
            or (DecisionForm(initial={"decision_date": today}) if planning_open else None),
            "may_decide": planning_open and may_plan,
            "may_edit": self.can("change", obj=programme),
            "may_add_audit": may_add_audit,
            "perms_open_decision": self.can("add", model=CertificationDecision),
            "close_url": reverse("certification:programme_transition", args=[programme.pk, "close"])
            if closing
            else None,
            "breadcrumbs": [*self.base_breadcrumbs(), (str(programme), None)],
        }


class ProgrammeDecisionView(ProgrammeDetailView):
    """POST the decision date (the detail page shows the form)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme("plan")
        return HttpResponseRedirect(programme.get_absolute_url() + "#decision")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme("plan")
        form = DecisionForm(data=request.POST)
        if form.is_valid():
            try:
                services.programme_set_decision(
                    actor=self.request.user,
                    programme=programme,
                    decision_date=form.cleaned_data["decision_date"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Decision recorded: the cycle's audits are scheduled."))
                return HttpResponseRedirect(programme.get_absolute_url())
        return render(request, self.template_name, self.context(programme, form), status=400)


class SpecialAuditView(ProgrammeMixin, View):
    template_name = "certification/programme/form.html"

    def page(
        self, programme: CertificationProgramme, form: SpecialAuditForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Special audit of %(programme)s") % {"programme": programme},
            "intro": _("Scope extensions, short-notice audits and follow-up visits (§9.6.4)."),
            "cancel_url": programme.get_absolute_url(),
            "breadcrumbs": self.crumbs(programme, _("Special audit")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.get_programme("plan"), SpecialAuditForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme("plan")
        form = SpecialAuditForm(data=request.POST)
        if form.is_valid():
            try:
                audit = services.cert_audit_add_special(
                    actor=self.request.user,
                    programme=programme,
                    purpose=form.cleaned_data["purpose"],
                    due_by=form.cleaned_data.get("due_by"),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Special audit added: plan it now."))
                return HttpResponseRedirect(audit.get_absolute_url())
        return self.page(programme, form, status=400)


# --- Audits ------------------------------------------------------------------------------


class CertAuditMixin(TenantViewMixin):
    model = CertAudit
    kwargs: dict[str, Any]

    def get_audit(self, action: str = "view") -> CertAudit:
        queryset = selectors.certaudit_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        audit: CertAudit = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.require(action, audit)
        return audit

    def crumbs(self, audit: CertAudit, page: str) -> list[tuple[str, str | None]]:
        programme = audit.programme
        return [
            (_("Home"), reverse("core:dashboard")),
            (_("Certification programmes"), reverse("certification:programme_list")),
            (str(programme), programme.get_absolute_url()),
            (audit.get_kind_display(), audit.get_absolute_url()),
            (page, None),
        ]


class CertAuditListView(CertAuditMixin, ObjectListView):
    columns = CERT_AUDIT.columns
    filterset_class = CertAuditFilterSet
    title = "Certification audits"

    def get_queryset(self) -> Any:
        return selectors.certaudit_queryset(user=self.request.user, organization=self.organization)

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Audit calendar"), reverse("certification:programme_calendar"))]


class CertAuditDetailView(CertAuditMixin, ObjectDetailView):
    spec = CERT_AUDIT
    template_name = "certification/programme/certaudit_detail.html"

    def get_object(self) -> Any:
        queryset = selectors.certaudit_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        today = timezone.localdate()
        open_audit = obj.status in planning.OPEN_STATES
        context.update(
            {
                "audit": obj,
                "title": f"{obj.get_kind_display()} · {obj.programme.client}",
                "edit_url": reverse("certification:certaudit_plan", args=[obj.pk])
                if open_audit and self.can("change", obj=obj)
                else None,
                "overdue": selectors.is_overdue(obj, today),
                "breadcrumbs": [*self.crumbs(obj, "")[:-2], (obj.get_kind_display(), None)],
            }
        )
        return context


class CertAuditPlanView(CertAuditMixin, View):
    template_name = "certification/programme/certaudit_plan.html"

    def page(self, audit: CertAudit, form: PlanForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "audit": audit,
            "object": audit,
            "title": _("Plan %(audit)s") % {"audit": audit},
            "cancel_url": audit.get_absolute_url(),
            "breadcrumbs": self.crumbs(audit, _("Plan")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audit = self.get_audit("change")
        return self.page(audit, PlanForm(instance=audit, organization=self.organization))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audit = self.get_audit("change")
        form = PlanForm(data=request.POST, instance=audit, organization=self.organization)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.cert_audit_plan(
                    actor=self.request.user,
                    audit=audit,
                    start_date=data.get("start_date"),
                    end_date=data.get("end_date"),
                    audit_days=data.get("audit_days"),
                    lead_auditor=data.get("lead_auditor"),
                    team=list(data.get("team") or []),
                    sites=list(data.get("sites") or []),
                    override_justification=data.get("override_justification") or "",
                    version=form.edited_version,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("%(audit)s planned.") % {"audit": capfirst(str(audit))})
                return HttpResponseRedirect(audit.get_absolute_url())
        return self.page(audit, form, status=status)


class CertAuditCompleteView(CertAuditMixin, View):
    """The "complete" step with the audit's last day (replaces the generic step page)."""

    template_name = "certification/programme/form.html"

    def get_step_audit(self) -> CertAudit:
        from django.core.exceptions import PermissionDenied

        from qms.core.workflow import may_transition, workflow_for

        audit = self.get_audit()
        workflow = workflow_for(CertAudit)
        if workflow is None or not may_transition(
            user=self.request.user, obj=audit, transition=workflow.transition("complete")
        ):
            raise PermissionDenied
        return audit

    def page(self, audit: CertAudit, form: CompleteForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Record %(audit)s as done") % {"audit": audit},
            "intro": _("Recording Stage 2 as done starts the time limit for verifying majors."),
            "submit": _("Record as done"),
            "cancel_url": audit.get_absolute_url(),
            "breadcrumbs": self.crumbs(audit, _("Record as done")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audit = self.get_step_audit()
        initial = {"end_date": audit.end_date or audit.start_date, "version": audit.version}
        return self.page(audit, CompleteForm(initial=initial))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audit = self.get_step_audit()
        form = CompleteForm(data=request.POST)
        status = 400
        if form.is_valid():
            try:
                services.cert_audit_complete(
                    actor=self.request.user,
                    audit=audit,
                    end_date=form.cleaned_data["end_date"],
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("%(audit)s: done.") % {"audit": capfirst(str(audit))})
                return HttpResponseRedirect(audit.get_absolute_url())
        return self.page(audit, form, status=status)


# --- The certification body's calendar ---------------------------------------------------


class CalendarView(TenantViewMixin, View):
    """Audits due and overdue in the next 90 days, by week, filtered by auditor and standard,
    with a bar chart of the audits due per month over the next 12 months."""

    model = CertAudit
    template_name = "certification/programme/calendar.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        today = timezone.localdate()
        form = CalendarFilterForm(
            data=request.GET or None,
            auditors=selectors.calendar_auditors(organization=self.organization),
            editions=selectors.programme_editions(organization=self.organization),
        )
        auditor = edition = None
        status = 200
        if form.is_bound:
            if form.is_valid():
                auditor = form.cleaned_data.get("auditor")
                edition = form.cleaned_data.get("standard")
            else:
                status = 400
        scope = {"user": request.user, "organization": self.organization, "today": today}
        audits = (
            selectors.calendar_audits(**scope, auditor=auditor, edition=edition)
            if status == 200
            else []
        )
        months = selectors.due_per_month(**scope, auditor=auditor, edition=edition)
        chart = bar_chart(
            title=_("Audits due per month, next 12 months"),
            labels=[month.strftime("%b %Y") for month, _count in months],
            series=[Series(_("Audits due"), [count for _month, count in months])],
        )
        weeks = selectors.calendar_weeks(audits, today=today)
        context = {
            "title": _("Audit calendar"),
            "form": form,
            "weeks": weeks,
            "overdue_count": sum(1 for a in audits if selectors.is_overdue(a, today)),
            "total": len(audits),
            "days": selectors.CALENDAR_DAYS,
            "today": today,
            "until": today + dt.timedelta(days=selectors.CALENDAR_DAYS),
            "chart": chart,
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Certification programmes"), reverse("certification:programme_list")),
                (_("Audit calendar"), None),
            ],
        }
        return render(request, self.template_name, context, status=status)
