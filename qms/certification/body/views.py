"""Pages of the certification body: its profile and policies (or setting it up), the
accreditations with their scope lines and status steps, the auditor qualifications and the
competence matrix. Declarations on core's generic views; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict
from qms.core.tables import text_value
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
)

from ..models import Accreditation, AccreditationScope, AuditorQualification, CertificationBody
from . import selectors, services
from .filtersets import AccreditationFilterSet, QualificationFilterSet, ScopeFilterSet
from .forms import AccreditationForm, BodyForm, QualificationForm, ScopeForm
from .specs import ACCREDITATION, BODY_GROUPS, QUALIFICATION, SCOPE, SCOPE_COLUMNS


def _reverse(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- The body --------------------------------------------------------------------------------


class BodyMixin(TenantViewMixin):
    """The organization's one certification body: /certification/body/ (or by id)."""

    model = CertificationBody
    kwargs: dict[str, Any]

    def url_for(self, action: str, obj: models.Model | None = None) -> str | None:
        names = {"list": "body_detail", "detail": "body_detail", "edit": "body_edit"}
        return _reverse(f"certification:{names[action]}") if action in names else None

    def base_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [
            (_("Home"), reverse("core:dashboard")),
            (_("Certification body"), reverse("certification:body_detail")),
        ]

    def body(self) -> CertificationBody | None:
        """The body the URL names (404 for another organization's) or the organization's."""
        if "pk" in self.kwargs:
            found: CertificationBody = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
            return found
        body: CertificationBody | None = self.scoped("view").first()
        return body


def _shown(obj: CertificationBody, name: str) -> str:
    value = getattr(obj, name)
    field = obj._meta.get_field(name)
    if getattr(field, "choices", None):
        value = getattr(obj, f"get_{name}_display")()
    if isinstance(value, dict):
        if not value:
            return _("None")
        return ", ".join(f"{key}: {number:+g} %" for key, number in value.items())
    return text_value(value) or "—"


def body_groups(obj: CertificationBody) -> list[dict[str, Any]]:
    """The body's settings in the page's groups: (label, value, help) per field."""
    groups = []
    for key, title, help_text, names in BODY_GROUPS:
        rows = []
        for name in names:
            field: Any = obj._meta.get_field(name)
            rows.append(
                {
                    "label": capfirst(str(field.verbose_name)),
                    "value": _shown(obj, name),
                    "help": field.help_text,
                }
            )
        groups.append({"key": key, "title": title, "help": help_text, "rows": rows})
    return groups


class BodyDetailView(BodyMixin, ObjectDetailView):
    """The body's profile and policies; without a body, the way to set one up (a
    certification manager) or why there is none (anyone else of the body's roles)."""

    model = CertificationBody
    fields = ()
    template_name = "certification/body/body_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "pk" in kwargs:
            obj = self.body()  # another organization's: 404 before any 403
            self.require("view")
        else:
            self.require("view")
            obj = self.body()
        if obj is None:
            return self.setup_page(request)
        context = self.get_context_data(obj)
        context.update(
            {
                "title": obj.name,
                "model_name": _("Certification body"),
                "groups": body_groups(obj),
                "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (obj.name, None)],
            }
        )
        return render(request, self.template_name, context)

    def setup_page(self, request: HttpRequest) -> HttpResponse:
        may_set_up = self.can("add")
        form = BodyForm(organization=self.organization, initial={"name": self.organization.name})
        return render(
            request,
            "certification/body/body_setup.html",
            {
                "title": _("Certification body"),
                "may_set_up": may_set_up,
                "form": form if may_set_up else None,
                "groups": form.groups() if may_set_up else [],
                "breadcrumbs": [
                    (_("Home"), reverse("core:dashboard")),
                    (_("Certification body"), None),
                ],
            },
        )


class BodySetupView(BodyMixin, ObjectCreateView):
    """POST (or GET the form): set the organization up as a certification body."""

    model = CertificationBody
    form_class = BodyForm
    template_name = "certification/body/body_form.html"
    create_service = staticmethod(services.certification_body_setup)

    def form_kwargs(self) -> dict[str, Any]:
        return {**super().form_kwargs(), "initial": {"name": self.organization.name}}

    def _exists(self, request: HttpRequest) -> HttpResponse | None:
        if CertificationBody.objects.for_organization(self.organization).exists():
            messages.info(request, _("This organization is already a certification body."))
            return HttpResponseRedirect(reverse("certification:body_detail"))
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        return self._exists(request) or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        try:
            return self._exists(request) or super().post(request, *args, **kwargs)
        except Conflict as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("certification:body_detail"))


class BodyUpdateView(BodyMixin, ObjectUpdateView):
    model = CertificationBody
    form_class = BodyForm
    template_name = "certification/body/body_form.html"
    update_service = staticmethod(services.certification_body_update)

    def get_object(self) -> Any:
        obj = self.body()
        if obj is None:
            raise Http404("This organization is not a certification body.")
        self.require("change", obj)
        return obj


# --- Accreditations --------------------------------------------------------------------------


class AccreditationListView(ObjectListView):
    model = Accreditation
    columns = ACCREDITATION.columns
    filterset_class = AccreditationFilterSet
    title = "Accreditations"

    def extra_links(self) -> list[tuple[str, str]]:
        return [
            (_("Accredited scope"), reverse("certification:accreditationscope_list")),
            (_("Certification body"), reverse("certification:body_detail")),
        ]


class AccreditationDetailView(ObjectDetailView):
    spec = ACCREDITATION
    template_name = "certification/body/accreditation_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        lines = selectors.scope_lines_of(accreditation=obj)
        today = timezone.localdate()
        may_add = self.can("add", model=AccreditationScope)
        may_change = self.can("change", model=AccreditationScope)
        context.update(
            {
                "accreditation": obj,
                "lines": lines,
                "matrix": selectors.scope_matrix(lines=lines, on_date=today),
                "today": today,
                "add_line_url": (
                    f"{reverse('certification:accreditationscope_add')}?accreditation={obj.pk}"
                    if may_add
                    else None
                ),
                "may_change_lines": may_change,
            }
        )
        return context


class AccreditationCreateView(ObjectCreateView):
    spec = ACCREDITATION
    form_class = AccreditationForm
    create_service = staticmethod(services.accreditation_create)


class AccreditationUpdateView(ObjectUpdateView):
    spec = ACCREDITATION
    form_class = AccreditationForm
    update_service = staticmethod(services.accreditation_update)


# --- Scope lines -----------------------------------------------------------------------------


class ScopeListView(ObjectListView):
    model = AccreditationScope
    columns = SCOPE_COLUMNS
    filterset_class = ScopeFilterSet
    title = "Accredited scope"

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.scoped("view").select_related("accreditation", "edition__standard")

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Accreditations"), reverse("certification:accreditation_list"))]


class ScopeDetailView(ObjectDetailView):
    spec = SCOPE
    template_name = "certification/body/scope_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related("accreditation", "edition__standard")
        return get_object_or_404(queryset.prefetch_related("iaf_codes"), pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["codes"] = list(obj.iaf_codes.all())
        return context


class ScopeCreateView(ObjectCreateView):
    spec = SCOPE
    form_class = ScopeForm
    template_name = "certification/body/coded_form.html"
    create_service = staticmethod(services.accreditation_scope_create)

    def form_kwargs(self) -> dict[str, Any]:
        kwargs = super().form_kwargs()
        chosen = self.request.GET.get("accreditation", "")
        if chosen.isdigit():
            accreditation = (
                Accreditation.objects.for_organization(self.organization)
                .filter(pk=int(chosen))
                .first()
            )
            if accreditation is not None:
                kwargs["initial"] = {
                    "accreditation": accreditation.pk,
                    "valid_from": accreditation.valid_from,
                    "valid_until": accreditation.valid_until,
                }
        return kwargs


class ScopeUpdateView(ObjectUpdateView):
    spec = SCOPE
    form_class = ScopeForm
    template_name = "certification/body/coded_form.html"
    update_service = staticmethod(services.accreditation_scope_update)


# --- Qualifications --------------------------------------------------------------------------


class QualificationListView(ObjectListView):
    model = AuditorQualification
    columns = QUALIFICATION.columns
    filterset_class = QualificationFilterSet
    title = "Auditor qualifications"

    def get_queryset(self) -> models.QuerySet[Any]:
        return selectors.qualification_list(
            user=self.request.user,
            organization=self.organization,
            today=timezone.localdate(),
            within_days=selectors.qualification_reminder_days(),
        )

    def extra_links(self) -> list[tuple[str, str]]:
        days = selectors.qualification_reminder_days()
        base = reverse("certification:qualification_list")
        return [
            (_("Competence matrix"), reverse("certification:qualification_matrix")),
            (_("Expiring within %(days)s days") % {"days": days}, f"{base}?expiring_within={days}"),
            (_("Expired"), f"{base}?expired=true"),
        ]


class QualificationDetailView(ObjectDetailView):
    spec = QUALIFICATION
    template_name = "certification/body/qualification_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related("person", "standard")
        return get_object_or_404(queryset.prefetch_related("iaf_codes"), pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        today = timezone.localdate()
        context.update(
            {
                "qualification": obj,
                "codes": list(obj.iaf_codes.all()),
                "validity": selectors.validity_label(
                    valid_until=obj.valid_until,
                    today=today,
                    within_days=selectors.qualification_reminder_days(),
                ),
                "expired": obj.valid_until < today,
            }
        )
        return context


class QualificationCreateView(ObjectCreateView):
    spec = QUALIFICATION
    form_class = QualificationForm
    template_name = "certification/body/coded_form.html"
    create_service = staticmethod(services.qualification_create)

    def form_kwargs(self) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        person = self.request.GET.get("person", "")
        if person.isdigit():
            initial["person"] = int(person)
        return {**super().form_kwargs(), "initial": initial}


class QualificationUpdateView(ObjectUpdateView):
    spec = QUALIFICATION
    form_class = QualificationForm
    template_name = "certification/body/coded_form.html"
    update_service = staticmethod(services.qualification_update)


class QualificationMatrixView(TenantViewMixin, View):
    """People by standards: grade, expiry (expired ones say so in words) and codes."""

    model = AuditorQualification

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.require("view")
        days = selectors.qualification_reminder_days()
        matrix = selectors.qualification_matrix(
            user=request.user,
            organization=self.organization,
            today=timezone.localdate(),
            within_days=days,
        )
        return render(
            request,
            "certification/body/qualification_matrix.html",
            {
                "title": _("Competence matrix"),
                "matrix": matrix,
                "within_days": days,
                "add_url": reverse("certification:qualification_add") if self.can("add") else None,
                "breadcrumbs": [
                    (_("Home"), reverse("core:dashboard")),
                    (_("Auditor qualifications"), reverse("certification:qualification_list")),
                    (_("Competence matrix"), None),
                ],
            },
        )
