"""Pages of applications (ISO/IEC 17021-1 §9.1.2): list (filters, CSV/XLSX), add/edit with
the effective number of personnel computed live from the breakdown, the application's page
(the review's competence and scope check, the decision, the link to the audit-time
calculation), and the pre-transfer review of a transfer (IAF MD 2). Workflow steps go
through core's ObjectTransitionView."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict, StaleVersion
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)

from ..choices import ApplicationStatus, ApplicationType
from ..models import Application, TransferReview
from . import personnel, rules, selectors, services
from .filtersets import ApplicationFilterSet, TransferReviewFilterSet
from .forms import ApplicationForm, TransferReviewForm
from .specs import APPLICATION, TRANSFER_REVIEW

ENP_PARTIAL = "certification/clients/partials/_enp.html"


def _actor(request: HttpRequest) -> Any:
    """The signed-in user (the views require a login), as the services' actor."""
    return request.user


def _enp_of_form(form: BaseForm, instance: Any = None) -> personnel.Enp:
    if form.is_bound:
        return personnel.effective_personnel(
            {name: form.data.get(form.add_prefix(name)) for name in personnel.BREAKDOWN_FIELDS}
        )
    if instance is not None:
        return personnel.effective_personnel(personnel.breakdown_of(instance))
    return personnel.effective_personnel(
        {name: form.fields[name].initial for name in personnel.BREAKDOWN_FIELDS}
    )


def audit_time_url(application: Application) -> str | None:
    """ "Calculate audit time for this application", once the audit-time area serves it."""
    try:
        return reverse("certification:audittime_add") + f"?application={application.pk}"
    except NoReverseMatch:
        return None


class ApplicationListView(ObjectListView):
    model = Application
    columns = APPLICATION.columns
    filterset_class = ApplicationFilterSet
    title = "Applications"

    def get_queryset(self) -> models.QuerySet[Any]:
        return selectors.application_list(user=self.request.user, organization=self.organization)

    def extra_links(self) -> list[tuple[str, str]]:
        return [
            (_("Clients"), reverse("certification:client_list")),
            (_("Transfer reviews"), reverse("certification:transferreview_list")),
        ]


class _ApplicationFormMixin(TenantViewMixin):
    """The add and edit pages, with the live panel of the effective number of personnel
    (core's form page plus the panel: the generic view's context, and `enp`)."""

    template_name = "certification/clients/application_form.html"

    def render_form(self, form: BaseForm, obj: Any = None, status: int = 200) -> HttpResponse:
        if obj is None:
            title = _("New application")
            crumbs = [*self.base_breadcrumbs(), (_("New"), None)]
            cancel = self.url_for("list")
        else:
            title = _("Edit %(name)s") % {"name": obj}
            crumbs = [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (_("Edit"), None),
            ]
            cancel = obj.get_absolute_url()
        context = {
            "form": form,
            "object": obj,
            "title": title,
            "breadcrumbs": crumbs,
            "cancel_url": cancel,
            "model_name": Application._meta.verbose_name,
            "enp": _enp_of_form(form, obj),
            "enp_url": reverse("certification:application_enp"),
        }
        return render(self.request, self.template_name, context, status=status)


class ApplicationCreateView(_ApplicationFormMixin, ObjectCreateView):
    spec = APPLICATION
    form_class = ApplicationForm
    create_service = staticmethod(services.application_create)

    def form_kwargs(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"received_on": timezone.localdate()}
        client = self.request.GET.get("client", "")
        if client.isdigit():
            initial["client"] = int(client)
        return {**super().form_kwargs(), "initial": initial}


class ApplicationUpdateView(_ApplicationFormMixin, ObjectUpdateView):
    spec = APPLICATION
    form_class = ApplicationForm
    update_service = staticmethod(services.application_update)

    def _decided(self, request: HttpRequest, obj: Any) -> HttpResponse:
        messages.error(request, rules.edit_problem(status=obj.status) or "")
        return HttpResponseRedirect(obj.get_absolute_url())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if rules.edit_problem(status=obj.status):
            return self._decided(request, obj)
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if rules.edit_problem(status=obj.status):
            return self._decided(request, obj)
        try:
            return super().post(request, *args, **kwargs)
        except StaleVersion:
            raise
        except Conflict:  # decided by someone else meanwhile
            return self._decided(request, obj)


class ApplicationEnpView(TenantViewMixin, View):
    """POST the breakdown, get the ENP panel back (htmx); nothing is stored."""

    model = Application

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (self.can("add") or self.can("change")):
            raise PermissionDenied
        values = {name: request.POST.get(name) for name in personnel.BREAKDOWN_FIELDS}
        return render(request, ENP_PARTIAL, {"enp": personnel.effective_personnel(values)})


class ApplicationDetailView(ObjectDetailView):
    spec = APPLICATION
    template_name = "certification/clients/application_detail.html"

    def get_object(self) -> Any:
        queryset = selectors.application_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        if rules.edit_problem(status=obj.status):
            context["edit_url"] = None
        check = obj.competence_check or {}
        review = selectors.transfer_review_of(obj) if obj.type == ApplicationType.TRANSFER else None
        verdict = (
            selectors.acceptance_of(application=obj, check=check, today=timezone.localdate())
            if check
            else None
        )
        may_review = self.can("review", obj=obj)
        context.update(
            {
                "application": obj,
                "enp": personnel.effective_personnel(personnel.breakdown_of(obj)),
                "check": check,
                "verdict": verdict,
                "is_transfer": obj.type == ApplicationType.TRANSFER,
                "transfer_review": review,
                "checklist": rules.checklist_rows(review.checklist if review else None),
                "transfer_problems": rules.transfer_problems(
                    selectors.transfer_facts(review), today=timezone.localdate()
                )
                if obj.type == ApplicationType.TRANSFER
                else [],
                "may_transfer_review": not rules.edit_problem(status=obj.status)
                and self.can("add" if review is None else "change", TransferReview),
                "audit_time_url": audit_time_url(obj) if may_review or self.can("view") else None,
                "may_recheck": may_review and obj.status == ApplicationStatus.UNDER_REVIEW,
            }
        )
        return context


class ApplicationRecheckView(TenantViewMixin, View):
    """POST: repeat the review's competence and scope check (under review)."""

    model = Application

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = get_object_or_404(self.scoped("view"), pk=kwargs["pk"])
        self.require("review", application)
        try:
            services.application_recheck(actor=_actor(request), instance=application)
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Competence and scope checked again."))
        return HttpResponseRedirect(application.get_absolute_url())


# --- Pre-transfer review -----------------------------------------------------------------


class TransferReviewListView(ObjectListView):
    model = TransferReview
    columns = TRANSFER_REVIEW.columns
    filterset_class = TransferReviewFilterSet
    title = "Transfer reviews"


class TransferReviewDetailView(ObjectDetailView):
    spec = TRANSFER_REVIEW
    template_name = "certification/clients/transferreview_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["checklist"] = rules.checklist_rows(obj.checklist)
        return context


def _review_page(
    request: HttpRequest,
    form: BaseForm,
    application: Application,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "title": _("Pre-transfer review of %(application)s") % {"application": application},
        "model_name": TransferReview._meta.verbose_name,
        "cancel_url": application.get_absolute_url(),
        "breadcrumbs": [
            (_("Home"), reverse("core:dashboard")),
            (_("Applications"), reverse("certification:application_list")),
            (str(application), application.get_absolute_url()),
            (_("Pre-transfer review"), None),
        ],
    }
    return render(request, "core/object_form.html", context, status=status)


class TransferReviewCreateView(TenantViewMixin, View):
    """The pre-transfer review of the transfer application in the URL (one per application;
    when it exists, its edit page)."""

    model = TransferReview

    def setup_application(self) -> Application:
        application: Application = get_object_or_404(
            Application.objects.for_user(self.request.user, "view", organization=self.organization),
            pk=self.kwargs["pk"],
        )
        self.require("add")
        return application

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = self.setup_application()
        existing = selectors.transfer_review_of(application)
        if existing is not None:
            return HttpResponseRedirect(
                reverse("certification:transferreview_edit", args=[existing.pk])
            )
        form = TransferReviewForm(
            organization=self.organization, initial={"reviewed_on": timezone.localdate()}
        )
        return _review_page(request, form, application)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = self.setup_application()
        form = TransferReviewForm(data=request.POST, organization=self.organization)
        if form.is_valid():
            try:
                services.transfer_review_save(
                    actor=_actor(request), application=application, data=form.review_values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Pre-transfer review recorded."))
                return HttpResponseRedirect(application.get_absolute_url())
        return _review_page(request, form, application, status=400)


class TransferReviewUpdateView(ObjectUpdateView):
    spec = TRANSFER_REVIEW
    form_class = TransferReviewForm

    def perform_update(self, form: Any, obj: Any) -> Any:
        return services.transfer_review_update(
            actor=self.request.user,
            instance=obj,
            data=form.review_values(),
            version=form.edited_version,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            return super().post(request, *args, **kwargs)
        except StaleVersion:
            raise
        except Conflict as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(obj.get_absolute_url())


__all__ = [
    "ApplicationCreateView",
    "ApplicationDetailView",
    "ApplicationEnpView",
    "ApplicationListView",
    "ApplicationRecheckView",
    "ApplicationUpdateView",
    "TransferReviewCreateView",
    "TransferReviewDetailView",
    "TransferReviewListView",
    "TransferReviewUpdateView",
]
