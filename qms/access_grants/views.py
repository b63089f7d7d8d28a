"""Organization pages of external access: grants (list, add, detail with the access log,
change of window/scope, revoke) and evidence requests (list, detail, answer, hand on)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.attachments.selectors import attachments_for
from qms.core.errors import Conflict
from qms.core.views.generic import ObjectListView, TenantViewMixin, apply_validation_error

from . import selectors, services
from .choices import GrantStatus, RequestStatus
from .forms import AnswerForm, GrantChangeForm, GrantForm, RequestChangeForm, RevokeForm
from .models import AccessGrant, EvidenceRequest
from .records import record_types
from .specs import GRANT_COLUMNS, REQUEST_COLUMNS


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("External auditors"), reverse("access_grants:accessgrant_list")),
        *items,
    ]


class GrantListView(ObjectListView):
    model = AccessGrant
    columns = GRANT_COLUMNS
    title = "External auditors"

    def get_queryset(self) -> models.QuerySet[Any]:
        return selectors.grant_list(user=self.request.user, organization=self.organization)

    def default_sort(self) -> str:
        return "-starts_at"

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Evidence requests"), reverse("access_grants:evidencerequest_list"))]


class GrantCreateView(TenantViewMixin, View):
    model = AccessGrant

    def _render(self, form: GrantForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "access_grants/grant_form.html",
            {
                "form": form,
                "title": _("Grant external access"),
                "cancel_url": reverse("access_grants:accessgrant_list"),
                "breadcrumbs": _crumbs((_("New"), None)),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial: dict[str, Any] = {"starts_at": now, "ends_at": now + timedelta(days=30)}
        # e.g. ?record_types=readiness from the readiness report's "share" link
        wanted = [k for k in request.GET.getlist("record_types") if k in record_types()]
        if wanted:
            initial["record_types"] = wanted
        return self._render(GrantForm(initial=initial, organization=self.organization))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = GrantForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                grant = services.grant_create(
                    actor=self.request.user, organization=self.organization, data=form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Access %(number)s granted to %(name)s.")
                    % {"number": grant.number, "name": grant.grantee_name},
                )
                return HttpResponseRedirect(grant.get_absolute_url())
        return self._render(form, status=400)


class GrantDetailView(TenantViewMixin, View):
    model = AccessGrant

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = get_object_or_404(
            self.scoped("view").select_related("grantee", "granted_by", "revoked_by"), pk=pk
        )
        self.require("view")
        now = timezone.now()
        types = record_types()
        may_change = grant.status == GrantStatus.ACTIVE and self.can("change", obj=grant)
        context = {
            "grant": grant,
            "object": grant,
            "title": str(grant),
            "state": selectors.state_of(grant, now=now),
            "types": [str(types[k].label) if k in types else k for k in grant.record_types],
            "editions": list(grant.editions.all()),
            "clauses": list(grant.clauses.all()),
            "processes": list(grant.processes.all()),
            "log": list(selectors.access_log(grant=grant)),
            "log_total": selectors.access_log_count(grant=grant),
            "requests": list(selectors.requests_of_grant(grant=grant)),
            "may_change": may_change,
            "may_revoke": may_change and self.can("revoke", obj=grant),
            "revoke_form": RevokeForm(),
            "breadcrumbs": _crumbs((str(grant.number), None)),
        }
        return render(request, "access_grants/grant_detail.html", context)


class GrantChangeView(TenantViewMixin, View):
    model = AccessGrant

    def _object(self, pk: int) -> AccessGrant:
        grant: AccessGrant = get_object_or_404(self.scoped("view"), pk=pk)
        self.require("change", grant)
        return grant

    def _render(self, grant: AccessGrant, form: GrantChangeForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "access_grants/grant_form.html",
            {
                "form": form,
                "object": grant,
                "title": _("Change access %(number)s") % {"number": grant.number},
                "cancel_url": grant.get_absolute_url(),
                "breadcrumbs": _crumbs(
                    (grant.number, grant.get_absolute_url()), (_("Change"), None)
                ),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = self._object(pk)
        if grant.status != GrantStatus.ACTIVE:
            messages.error(request, _("A revoked access is not changed: grant a new one."))
            return HttpResponseRedirect(grant.get_absolute_url())
        form = GrantChangeForm(
            initial=GrantChangeForm.initial_for(grant), organization=self.organization
        )
        return self._render(grant, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = self._object(pk)
        form = GrantChangeForm(request.POST, organization=self.organization)
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.grant_update(
                    actor=self.request.user,
                    instance=grant,
                    data=data,
                    version=form.cleaned_data.get("version"),
                )
            except Conflict as error:  # a stale version too
                form.add_error(None, str(error))
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Access %(n)s changed.") % {"n": grant.number})
                return HttpResponseRedirect(grant.get_absolute_url())
        return self._render(grant, form, status=status)


class GrantRevokeView(TenantViewMixin, View):
    model = AccessGrant

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant: AccessGrant = get_object_or_404(self.scoped("view"), pk=pk)
        self.require("revoke", grant)
        form = RevokeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for revoking the access."))
            return HttpResponseRedirect(grant.get_absolute_url())
        try:
            services.grant_revoke(
                actor=self.request.user, instance=grant, reason=form.cleaned_data["reason"]
            )
        except Conflict as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Access %(n)s revoked.") % {"n": grant.number})
        return HttpResponseRedirect(grant.get_absolute_url())


class RequestListView(ObjectListView):
    model = EvidenceRequest
    columns = REQUEST_COLUMNS
    title = "Evidence requests"

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = selectors.request_list(user=self.request.user, organization=self.organization)
        if self.request.GET.get("status") in RequestStatus.values:
            queryset = queryset.filter(status=self.request.GET["status"])
        if self.request.GET.get("overdue"):
            queryset = queryset.filter(selectors.overdue_requests_q(today=timezone.localdate()))
        return queryset

    def default_sort(self) -> str:
        return "-number"

    def extra_links(self) -> list[tuple[str, str]]:
        base = reverse("access_grants:evidencerequest_list")
        return [(_("Open"), f"{base}?status=open"), (_("Overdue"), f"{base}?overdue=1")]


class RequestDetailView(TenantViewMixin, View):
    model = EvidenceRequest

    def _object(self, pk: int) -> EvidenceRequest:
        found: EvidenceRequest = get_object_or_404(
            self.scoped("view").select_related("grant", "owner", "requested_by", "answered_by"),
            pk=pk,
        )
        return found

    def _render(
        self,
        obj: EvidenceRequest,
        *,
        answer_form: AnswerForm | None = None,
        change_form: RequestChangeForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        from qms.actions.selectors import actions_of

        may_answer = obj.status == RequestStatus.OPEN and self.can("answer", obj=obj)
        may_change = obj.status != RequestStatus.CLOSED and self.can("change", obj=obj)
        context = {
            "object": obj,
            "req": obj,
            "title": _("Evidence request %(n)s") % {"n": obj.number},
            "answer_form": answer_form or (AnswerForm() if may_answer else None),
            "change_form": change_form
            or (
                RequestChangeForm(
                    initial={"owner": obj.owner, "due_date": obj.due_date},
                    organization=self.organization,
                )
                if may_change
                else None
            ),
            "actions": list(actions_of(origin=obj)),
            "files": list(attachments_for(subject=obj)),
            "may_attach": may_answer or may_change,
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Evidence requests"), reverse("access_grants:evidencerequest_list")),
                (obj.number, None),
            ],
        }
        return render(self.request, "access_grants/request_detail.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._object(pk)
        self.require("view")
        return self._render(obj)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._object(pk)
        if "answer" in request.POST:
            self.require("answer", obj)
            form = AnswerForm(request.POST)
            if form.is_valid():
                try:
                    services.request_answer(
                        actor=self.request.user,
                        instance=obj,
                        answer=form.cleaned_data["answer"],
                        links=form.cleaned_data["links"],
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                except Conflict as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Answer sent."))
                    return HttpResponseRedirect(obj.get_absolute_url())
            return self._render(obj, answer_form=form, status=400)
        self.require("change", obj)
        change = RequestChangeForm(request.POST, organization=self.organization)
        if change.is_valid():
            try:
                services.request_update(
                    actor=self.request.user, instance=obj, data=change.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(change, error)
            except Conflict as error:
                change.add_error(None, str(error))
            else:
                messages.success(request, _("Request changed."))
                return HttpResponseRedirect(obj.get_absolute_url())
        return self._render(obj, change_form=change, status=400)
