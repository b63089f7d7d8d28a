"""The certification body's side of the portal: a client's portal users (grant, revoke) and
the review of a finding's responses (accept, return with comments, verify a major), with the
response's evidence files. Pages of the body's organization: another organization's client
or finding answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from qms.core.attachments.selectors import attachments_for
from qms.core.errors import Conflict
from qms.core.views.attachments import file_response
from qms.core.views.generic import (
    ObjectDetailView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.core.views.listing import ObjectListView
from qms.core.workflow import blocked_reason, workflow_for

from ..choices import FindingStatus, PortalAccessStatus
from ..models import CertFinding, Client, FindingResponse, PortalAccess
from . import selectors, services
from .forms import AcceptForm, GrantForm, ReturnForm, RevokeForm, VerifyForm
from .specs import FINDING_RESPONSE, PORTAL_ACCESS


class ClientPortalView(TenantViewMixin, View):
    """clients/<pk>/portal/: who of the client has portal access; grant and revoke."""

    model = PortalAccess

    def client(self) -> Client:
        queryset = Client.objects.for_user(
            self.request.user, "view", organization=self.organization
        )
        client: Client = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return client

    def page(
        self, client: Client, *, form: GrantForm | None = None, status: int = 200
    ) -> HttpResponse:
        may_add = self.can("add")
        may_revoke = self.can("revoke")
        return render(
            self.request,
            "certification/portal/client_portal.html",
            {
                "title": f"Client portal · {client.legal_name}",
                "client": client,
                "accesses": list(selectors.client_portal_accesses(client=client)),
                "form": (form or GrantForm(client=client)) if may_add else None,
                "may_revoke": may_revoke,
                "revoke_form": RevokeForm(),
                "active": PortalAccessStatus.ACTIVE,
                "breadcrumbs": [
                    ("Home", reverse("core:dashboard")),
                    ("Clients", reverse("certification:client_list")),
                    (client.legal_name, client.get_absolute_url()),
                    ("Client portal", None),
                ],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        client = self.client()
        self.require("view")
        return self.page(client)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        client = self.client()
        self.require("add")
        form = GrantForm(request.POST, client=client)
        if form.is_valid():
            try:
                access = services.portal_access_grant(
                    actor=request.user,  # type: ignore[arg-type]
                    client=client,
                    contact=form.cleaned_data["contact"],
                    email=form.cleaned_data.get("email") or "",
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Portal access given to {access.user.email}.")
                return HttpResponseRedirect(reverse("certification:client_portal", args=[pk]))
        return self.page(client, form=form, status=400)


class PortalAccessRevokeView(TenantViewMixin, View):
    model = PortalAccess

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        access = get_object_or_404(self.scoped("view"), pk=pk)
        self.require("revoke")
        back = reverse("certification:client_portal", args=[access.client_id])
        form = RevokeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Give the reason for revoking the access.")
            return HttpResponseRedirect(back)
        try:
            services.portal_access_revoke(
                actor=request.user,  # type: ignore[arg-type]
                access=access,
                reason=form.cleaned_data["reason"],
            )
        except Conflict as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Portal access of {access.user.email} revoked.")
        return HttpResponseRedirect(back)


class FindingReviewView(TenantViewMixin, View):
    """findings/<pk>/review/: the finding, every round of the client's response with its
    files, and the auditor's steps open now (accept, return, verify), each with the reason
    it is refused when it is."""

    model = CertFinding

    def finding(self) -> CertFinding:
        return selectors.finding_for_review(
            user=self.request.user, organization=self.organization, pk=self.kwargs["pk"]
        )

    def page(
        self, finding: CertFinding, forms: dict[str, Any] | None = None, status: int = 200
    ) -> HttpResponse:
        workflow = workflow_for(CertFinding)
        if workflow is None:  # registered in ready()
            raise Http404
        user = self.request.user
        steps: dict[str, str | None] = {}
        for name in ("accept", "return", "verify"):
            step = workflow.transition(name)
            if finding.status in step.source:
                problem = blocked_reason(workflow, step, obj=finding, actor=user)
                if name == "verify" and problem and "Record how" in problem:
                    problem = None  # the form below records it
                steps[name] = problem
        responses = list(finding.responses.all())
        files = {r.pk: list(attachments_for(subject=r)) for r in responses}
        flags = selectors.finding_flags([finding], today=timezone.localdate())[finding.pk]
        given = forms or {}
        return render(
            self.request,
            "certification/portal/finding_review.html",
            {
                "title": f"{finding.number} · review",
                "finding": finding,
                "audit": finding.audit,
                "flags": flags,
                "responses": [(r, files[r.pk]) for r in responses],
                "pending": next((r for r in responses if r.review == "pending"), None),
                "steps": steps,
                "accept_form": given.get("accept") or AcceptForm(),
                "return_form": given.get("return") or ReturnForm(),
                "verify_form": given.get("verify")
                or VerifyForm(initial={"on": timezone.localdate()}),
                "breadcrumbs": [
                    ("Home", reverse("core:dashboard")),
                    (str(finding.audit), finding.audit.get_absolute_url()),
                    (f"{finding.number} review", None),
                ],
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        finding = self.finding()
        self.require("view")
        return self.page(finding)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        finding = self.finding()
        step = request.POST.get("step", "")
        forms_by_step: dict[str, Any] = {
            "accept": AcceptForm,
            "return": ReturnForm,
            "verify": VerifyForm,
        }
        if step not in forms_by_step:
            raise Http404
        form = forms_by_step[step](request.POST)
        back = HttpResponseRedirect(reverse("certification:finding_review", args=[pk]))
        if not form.is_valid():
            return self.page(finding, {step: form}, status=400)
        actor: Any = request.user
        try:
            if step == "verify":
                services.finding_verify(
                    actor=actor,
                    finding=finding,
                    method=form.cleaned_data["method"],
                    notes=form.cleaned_data["notes"],
                    on=form.cleaned_data.get("on"),
                )
                messages.success(request, f"{finding.number} verified.")
                return back
            pending = selectors.pending_response(finding)
            if pending is None or finding.status != FindingStatus.SUBMITTED:
                raise Conflict("There is no response awaiting review.")
            if step == "accept":
                services.response_accept(
                    actor=actor, response=pending, comment=form.cleaned_data["comment"]
                )
                messages.success(request, f"Response to {finding.number} accepted.")
            else:
                services.response_return(
                    actor=actor, response=pending, comment=form.cleaned_data["comment"]
                )
                messages.success(request, f"Response to {finding.number} returned.")
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.page(finding, {step: form}, status=400)
        except (Conflict, PermissionDenied) as error:
            messages.error(request, str(error))
        return back


class ReviewFileView(FindingReviewView):
    def get(  # type: ignore[override]
        self, request: HttpRequest, pk: int, response: int, file: int
    ) -> HttpResponseBase:
        finding = self.finding()
        self.require("view")
        answer = next((r for r in finding.responses.all() if r.pk == response), None)
        if answer is None:
            raise Http404
        attachment = next((a for a in attachments_for(subject=answer) if a.pk == file), None)
        if attachment is None:
            raise Http404
        return file_response(attachment)


# --- The records' own list and detail pages (the tenancy walk reaches every model) ---------


class PortalAccessListView(ObjectListView):
    model = PortalAccess
    columns = PORTAL_ACCESS.columns
    title = "Client portal accesses"


class PortalAccessDetailView(ObjectDetailView):
    spec = PORTAL_ACCESS


class FindingResponseListView(ObjectListView):
    model = FindingResponse
    columns = FINDING_RESPONSE.columns
    title = "Clients' responses to findings"


class FindingResponseDetailView(ObjectDetailView):
    spec = FINDING_RESPONSE
