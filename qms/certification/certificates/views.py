"""Pages of decisions and certificates: the decision list and page (the technical review as
ok/problem lines, the review, grant and refuse forms), opening a decision from a programme,
the certificate list (filters, CSV/XLSX export), the certificate page (every field,
revisions, status history, its steps), suspending, reissuing and the PDF. The other steps of
a certificate (restore, withdraw, cancel, expire) go through core's ObjectTransitionView."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict
from qms.core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.core.workflow import may_transition, workflow_for

from ..models import Certificate, CertificationDecision, CertificationProgramme
from . import pdf, selectors, services
from .filtersets import CertificateFilterSet, DecisionFilterSet
from .forms import DecideForm, DecisionOpenForm, GrantForm, ReissueForm, ReviewForm, SuspendForm
from .services import publishing
from .specs import CERTIFICATE, DECISION

# --- Decisions ---------------------------------------------------------------------------------


class DecisionMixin(TenantViewMixin):
    model = CertificationDecision
    kwargs: dict[str, Any]

    def url_for(self, action: str, obj: Any = None) -> str | None:
        if action == "list":
            return reverse("certification:decision_list")
        if action == "detail" and obj is not None:
            return str(obj.get_absolute_url())
        return None

    def get_decision(self) -> CertificationDecision:
        queryset = selectors.decision_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        decision: CertificationDecision = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return decision


class DecisionListView(DecisionMixin, ObjectListView):
    columns = DECISION.columns
    filterset_class = DecisionFilterSet
    title = "Certification decisions"

    def get_queryset(self) -> Any:
        return selectors.decision_list(user=self.request.user, organization=self.organization)


class DecisionDetailView(DecisionMixin, ObjectDetailView):
    spec = DECISION
    template_name = "certification/certificates/decision_detail.html"

    def get_object(self) -> Any:
        return self.get_decision()

    def get_context_data(self, obj: Any, **forms: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        pending = obj.status == "pending"
        programme = obj.programme
        may_review = pending and self.can("review", obj=obj)
        may_decide = pending and self.can("decide", obj=obj)
        team = selectors.team_person_ids([a.pk for a in obj.audits.all()])
        independent = self.request.user.pk not in team
        initial_grant = {
            "decision_date": timezone.localdate(),
            "scope": (programme.application.scope if programme.application else ""),
        }
        current = selectors.current_certificate(
            organization=self.organization,
            client_id=programme.client_id,
            edition_ids=[e.pk for e in programme.editions.all()],
        )
        if current is not None and obj.kind != "initial":
            initial_grant["scope"] = current.scope
        context.update(
            {
                "decision": obj,
                "items": obj.review.get("items", []),
                "review_ok": obj.review.get("ok"),
                "audits": list(obj.audits.all()),
                "certificates": list(obj.certificates.all()),
                "current": current,
                "independent": independent,
                "review_form": forms.get("review_form")
                or (
                    ReviewForm(
                        initial={
                            "reviewer_notes": obj.reviewer_notes,
                            "audit_time_justification": obj.audit_time_justification,
                            "version": obj.version,
                        }
                    )
                    if may_review
                    else None
                ),
                "grant_form": forms.get("grant_form")
                or (
                    GrantForm(
                        initial=initial_grant,
                        sites=programme.client.sites.all(),
                        codes=programme.iaf_codes.all(),
                    )
                    if may_decide and independent
                    else None
                ),
                "refuse_form": forms.get("refuse_form")
                or (DecideForm() if may_decide and independent else None),
                "may_decide": may_decide,
                "edit_url": None,
                "delete_url": None,
                "workflow_transitions": [],
            }
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        decision = self.get_decision()
        step = request.POST.get("step", "")
        if step == "review":
            self.require("review", decision)
            return self._review(decision)
        if step in ("grant", "refuse"):
            self.require("decide", decision)
            return self._decide(decision, step)
        return HttpResponseRedirect(decision.get_absolute_url())

    def _page(self, decision: Any, status: int, **forms: Any) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.get_context_data(decision, **forms),
            status=status,
        )

    def _review(self, decision: CertificationDecision) -> HttpResponse:
        form = ReviewForm(data=self.request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decision_review(
                    actor=self.request.user,
                    decision=decision,
                    reviewer_notes=data["reviewer_notes"],
                    audit_time_justification=data["audit_time_justification"],
                    version=data.get("version"),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(self.request, _("Technical review recorded."))
                return HttpResponseRedirect(decision.get_absolute_url())
        return self._page(decision, status, review_form=form)

    def _decide(self, decision: CertificationDecision, step: str) -> HttpResponse:
        programme = decision.programme
        form: Any
        if step == "grant":
            form = GrantForm(
                data=self.request.POST,
                sites=programme.client.sites.all(),
                codes=programme.iaf_codes.all(),
            )
        else:
            form = DecideForm(data=self.request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if step == "grant":
                    certificate = services.decision_grant(
                        actor=self.request.user,
                        decision=decision,
                        reasons=data["reasons"],
                        password=data["password"],
                        decision_date=data.get("decision_date"),
                        effective_date=data.get("effective_date"),
                        scope=data["scope"],
                        sites=list(data["sites"]) or None,
                        iaf_codes=list(data["iaf_codes"]) or None,
                    )
                else:
                    services.decision_refuse(
                        actor=self.request.user,
                        decision=decision,
                        reasons=data["reasons"],
                        password=data["password"],
                    )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                for problem in error.errors.get("decision", []) or [error.message]:
                    form.add_error(None, problem)
                for name in ("password", "reasons"):
                    for problem in error.errors.get(name, []):
                        form.add_error(name, problem)
                status = 409
            else:
                if step == "grant":
                    messages.success(self.request, _("Certification granted: certificate issued."))
                    return HttpResponseRedirect(certificate.get_absolute_url())
                messages.success(self.request, _("Certification refused."))
                return HttpResponseRedirect(decision.get_absolute_url())
        key = "grant_form" if step == "grant" else "refuse_form"
        return self._page(decision, status, **{key: form})


class DecisionOpenView(TenantViewMixin, View):
    """Open a decision for a programme (the technical review starts)."""

    model = CertificationDecision
    template_name = "certification/programme/form.html"
    kwargs: dict[str, Any]

    def get_programme(self) -> CertificationProgramme:
        queryset = CertificationProgramme.objects.for_user(
            self.request.user, "view", organization=self.organization
        ).select_related("client")
        programme: CertificationProgramme = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.require("add")
        return programme

    def page(self, programme: Any, form: DecisionOpenForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Open a certification decision: %(programme)s") % {"programme": programme},
            "intro": _("The technical review is computed from the audits it rests on."),
            "submit": _("Open the decision"),
            "cancel_url": programme.get_absolute_url(),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (str(programme), programme.get_absolute_url()),
                (_("Decision"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def _form(self, programme: Any, data: Any = None) -> DecisionOpenForm:
        audits = programme.audits.filter(status="done").order_by("start_date", "id")
        return DecisionOpenForm(data=data, audits=audits)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme()
        return self.page(programme, self._form(programme))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme()
        form = self._form(programme, request.POST)
        if form.is_valid():
            try:
                decision = services.decision_open(
                    actor=self.request.user,
                    programme=programme,
                    kind=form.cleaned_data["kind"],
                    audits=list(form.cleaned_data["audits"]) or None,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Decision opened for technical review."))
                return HttpResponseRedirect(decision.get_absolute_url())
        return self.page(programme, form, status=400)


# --- Certificates ------------------------------------------------------------------------------


class CertificateMixin(TenantViewMixin):
    model = Certificate
    kwargs: dict[str, Any]

    def get_certificate(self) -> Certificate:
        queryset = selectors.certificate_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        certificate: Certificate = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return certificate

    def may_step(self, certificate: Certificate, name: str) -> bool:
        workflow = workflow_for(Certificate)
        if workflow is None:  # pragma: no cover
            return False
        return may_transition(
            user=self.request.user, obj=certificate, transition=workflow.transition(name)
        )

    def crumbs(self, certificate: Certificate, page: str) -> list[tuple[str, str | None]]:
        return [
            *self.base_breadcrumbs(),
            (str(certificate), certificate.get_absolute_url()),
            (page, None),
        ]


class CertificateListView(CertificateMixin, ObjectListView):
    columns = CERTIFICATE.columns
    filterset_class = CertificateFilterSet
    title = "Certificates"

    def get_queryset(self) -> Any:
        return selectors.certificate_list(user=self.request.user, organization=self.organization)


class CertificateDetailView(CertificateMixin, ObjectDetailView):
    spec = CERTIFICATE
    template_name = "certification/certificates/certificate_detail.html"

    def get_object(self) -> Any:
        return self.get_certificate()

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context.update(
            {
                "certificate": obj,
                "lookups": publishing.lookup_counts([obj]).get(obj.number),
                "revisions": selectors.revisions_of(obj),
                "changes": selectors.history_of(obj),
                "edit_url": None,
                "delete_url": None,
                "suspend_url": reverse("certification:certificate_suspend", args=[obj.pk])
                if obj.status == "active" and self.may_step(obj, "suspend")
                else None,
                "reissue_url": reverse("certification:certificate_reissue", args=[obj.pk])
                if obj.status == "active" and self.may_step(obj, "supersede")
                else None,
                "pdf_url": reverse("certification:certificate_pdf", args=[obj.pk]),
                # Issue and supersede happen only through a decision or a reissue.
                "workflow_transitions": [
                    step
                    for step in context.get("workflow_transitions", [])
                    if step["name"] not in ("grant", "supersede", "suspend")
                ],
            }
        )
        return context


class CertificateSuspendView(CertificateMixin, View):
    template_name = "certification/programme/form.html"

    def get_step_certificate(self) -> Certificate:
        certificate = self.get_certificate()
        if not self.may_step(certificate, "suspend"):
            raise PermissionDenied
        return certificate

    def page(self, certificate: Certificate, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Suspend %(certificate)s") % {"certificate": certificate},
            "intro": _(
                "The client is told to stop using the certification marks; the public "
                "register shows the suspension."
            ),
            "submit": _("Suspend"),
            "cancel_url": certificate.get_absolute_url(),
            "breadcrumbs": self.crumbs(certificate, _("Suspend")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        certificate = self.get_step_certificate()
        return self.page(certificate, SuspendForm(initial={"version": certificate.version}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        certificate = self.get_step_certificate()
        form = SuspendForm(data=request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.certificate_suspend(
                    actor=self.request.user,
                    certificate=certificate,
                    reason_code=data["reason_code"],
                    reason=data["reason"],
                    until=data.get("until"),
                    justification=data.get("justification") or "",
                    version=data.get("version"),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("Certificate suspended."))
                return HttpResponseRedirect(certificate.get_absolute_url())
        return self.page(certificate, form, status=status)


class CertificateReissueView(CertificateSuspendView):
    def get_step_certificate(self) -> Certificate:
        certificate = self.get_certificate()
        if not self.may_step(certificate, "supersede"):
            raise PermissionDenied
        return certificate

    def page(self, certificate: Certificate, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Reissue %(certificate)s") % {"certificate": certificate},
            "intro": _(
                "A corrected revision with the same scope and dates; a change of scope needs "
                "a certification decision."
            ),
            "submit": _("Reissue"),
            "cancel_url": certificate.get_absolute_url(),
            "breadcrumbs": self.crumbs(certificate, _("Reissue")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        certificate = self.get_step_certificate()
        initial = {
            "holder_name": certificate.holder_name,
            "holder_address": certificate.holder_address,
            "sites_text": certificate.sites_text,
        }
        return self.page(certificate, ReissueForm(initial=initial))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        certificate = self.get_step_certificate()
        form = ReissueForm(data=request.POST)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            reason = data.pop("reason")
            try:
                new = services.certificate_reissue(
                    actor=self.request.user, certificate=certificate, reason=reason, data=data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("Revision %(n)s issued.") % {"n": new.revision})
                return HttpResponseRedirect(new.get_absolute_url())
        return self.page(certificate, form, status=status)


class CertificatePdfView(CertificateMixin, View):
    """The certificate as PDF; `?lang=de` in German."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        certificate = self.get_certificate()
        language = request.GET.get("lang", "en")
        return pdf.certificate_response(certificate, language=language)
