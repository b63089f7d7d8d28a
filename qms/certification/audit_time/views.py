"""Pages of audit-time calculations: the form with its live preview, the stored result, the
list and the PDF. Every figure comes from services.audit_time_calculate (the calculator);
these views only shape input and show output.

Permissions: the list, result and PDF need "view"; the form, its preview and saving need
"add" (certification managers and technical reviewers).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.tables import Column
from qms.core.views.generic import ObjectDetailView, TenantViewMixin, apply_validation_error
from qms.core.views.listing import ObjectListView

from ..models import AuditTimeCalculation
from . import forms, pdf, selectors, services
from .errors import AuditTimeError
from .filtersets import AuditTimeCalculationFilterSet

URL_NAMES = {
    "list": "certification:audittime_list",
    "add": "certification:audittime_add",
    "detail": "certification:audittime_detail",
    "preview": "certification:audittime_preview",
    "pdf": "certification:audittime_pdf",
}


class _AuditTimeMixin(TenantViewMixin):
    model = AuditTimeCalculation

    def url_for(self, action: str, obj: Any = None) -> str | None:
        name = URL_NAMES.get(action)
        if name is None:
            return None
        return reverse(name, args=[obj.pk] if obj is not None else [])


class AuditTimeListView(_AuditTimeMixin, ObjectListView):
    filterset_class = AuditTimeCalculationFilterSet
    title = "Audit-time calculations"
    columns = (
        Column("number", link=True),
        Column("client", gettext_lazy("Client"), sort="client__legal_name"),
        Column("application.number", gettext_lazy("Application"), sort="application__number"),
        Column("standards"),
        Column("audit_type"),
        Column("enp", gettext_lazy("ENP")),
        Column("t_final", gettext_lazy("Days")),
        Column("calculated_by", sort="calculated_by__email"),
        Column("created_at", gettext_lazy("Calculated")),
    )

    def get_queryset(self) -> Any:
        return selectors.calculation_list(user=self.request.user, organization=self.organization)


class AuditTimeDetailView(_AuditTimeMixin, ObjectDetailView):
    template_name = "certification/audit_time/calculation_detail.html"
    fields = (
        Column("number"),
        Column("client"),
        Column("application"),
        Column("audit_type"),
        Column("standards"),
        Column("table_ref"),
        Column("calculated_by"),
        Column("created_at", gettext_lazy("Calculated at")),
    )

    def get_object(self) -> Any:
        queryset = selectors.calculation_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context.update(selectors.result_display(obj.result))
        context.update(
            {
                "calculation": obj,
                "pdf_url": self.url_for("pdf", obj),
                "recalculate_url": (
                    f"{self.url_for('add')}?from={obj.pk}" if self.can("add") else None
                ),
                "inputs_rows": selectors.inputs_display(obj.inputs),
            }
        )
        return context


class AuditTimePdfView(_AuditTimeMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset = selectors.calculation_detail_queryset(
            user=request.user, organization=self.organization
        )
        calculation = get_object_or_404(queryset, pk=kwargs["pk"])
        self.require("view")
        return pdf.calculation_response(calculation=calculation)


class AuditTimeCreateView(_AuditTimeMixin, View):
    """The form (GET, prefilled from ?application=<pk> or, to recalculate, ?from=<pk>),
    saving (POST) and, without JavaScript, the preview button (POST with `preview`).
    Adding or removing a factor row re-renders the form (htmx swaps only the factor rows)."""

    template_name = "certification/audit_time/calculation_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        initial: dict[str, Any] = {}
        rows: list[dict[str, Any]] = []
        application = None
        if request.GET.get("application"):
            application = selectors.application_for_calculation(
                user=request.user, organization=self.organization, pk=request.GET["application"]
            )
            if application is not None:
                initial = forms.AuditTimeForm.initial_from_application(application)
        elif request.GET.get("from"):
            source = (
                selectors.calculation_detail_queryset(
                    user=request.user, organization=self.organization
                )
                .filter(pk=_int(request.GET["from"]))
                .first()
            )
            if source is not None:
                initial = forms.AuditTimeForm.initial_from_inputs(source.inputs)
                initial["client"] = source.client_id
                initial["application"] = source.application_id
                rows = [dict(row) for row in source.inputs.get("factors") or []]
        form = forms.AuditTimeForm(initial=initial, organization=self.organization)
        formset = forms.factor_formset(initial=rows or [{}])
        return self.render_form(form, formset, application=application)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        action = request.POST.get("factor_action", "")
        if action:
            return self.change_rows(action)
        form = forms.AuditTimeForm(data=request.POST, organization=self.organization)
        formset = forms.factor_formset(data=request.POST)
        if not (form.is_valid() & formset.is_valid()):
            return self.render_form(form, formset, status=400)
        inputs = form.inputs(formset.factors())
        try:
            if "preview" in request.POST:
                result = services.audit_time_calculate(
                    organization=self.organization, inputs=inputs
                )
                return self.render_form(form, formset, result=result.as_dict())
            calculation = services.audit_time_calculation_create(
                actor=self.request.user,
                organization=self.organization,
                inputs=inputs,
                application=form.cleaned_data.get("application"),
                client=form.cleaned_data.get("client"),
            )
        except AuditTimeError as error:
            forms.apply_calculator_error(form, formset, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Audit time %(number)s saved: %(days)s days.")
                % {"number": calculation.number, "days": calculation.t_final},
            )
            return HttpResponseRedirect(calculation.get_absolute_url())
        return self.render_form(form, formset, status=400)

    def change_rows(self, action: str) -> HttpResponse:
        """Add a factor row, or remove row N ("remove-N"), keeping everything typed."""
        drop = None
        if action.startswith("remove-") and action[7:].isdigit():
            drop = int(action[7:])
        rows: list[dict[str, Any]] = forms.posted_factors(self.request.POST, drop=drop)
        if action == "add" and len(rows) < forms.MAX_FACTORS:
            rows.append({})
        form = forms.AuditTimeForm(data=self.request.POST, organization=self.organization)
        form.errors.clear()  # shown again only on saving or previewing
        return self.render_form(form, forms.factor_formset(initial=rows))

    def render_form(
        self,
        form: forms.AuditTimeForm,
        formset: Any,
        *,
        status: int = 200,
        result: dict[str, Any] | None = None,
        application: Any = None,
    ) -> HttpResponse:
        context = {
            "title": _("New audit-time calculation"),
            "model_name": self.model._meta.verbose_name,
            "form": form,
            "formset": formset,
            "max_factors": forms.MAX_FACTORS,
            "application": application,
            "preview_url": self.url_for("preview"),
            "cancel_url": self.url_for("list"),
            "breadcrumbs": [*self.base_breadcrumbs(), (_("New"), None)],
            **({"result": result, **selectors.result_display(result)} if result else {}),
        }
        return render(self.request, self.template_name, context, status=status)


class AuditTimePreviewView(_AuditTimeMixin, View):
    """The live preview (htmx POST of the whole form): the result partial, or what keeps
    the calculation from running; nothing is stored."""

    template_name = "certification/audit_time/partials/_preview.html"
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.require("add")
        form = forms.AuditTimeForm(data=request.POST, organization=self.organization)
        formset = forms.factor_formset(data=request.POST)
        context: dict[str, Any] = {"problems": []}
        if not (form.is_valid() & formset.is_valid()):
            context["problems"] = _form_problems(form, formset)
        else:
            try:
                result = services.audit_time_calculate(
                    organization=self.organization, inputs=form.inputs(formset.factors())
                )
            except AuditTimeError as error:
                context["problems"] = [error.message]
            else:
                data = result.as_dict()
                context.update({"result": data, **selectors.result_display(data)})
        return render(request, self.template_name, context)


def _form_problems(form: Any, formset: Any) -> list[str]:
    problems = [str(error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        problems += [f"{label}: {error}" for error in errors]
    problems += [str(error) for error in formset.non_form_errors()]
    for index, row in enumerate(formset.forms, start=1):
        for name, errors in row.errors.items():
            label = row.fields[name].label if name in row.fields else name
            problems += [
                _("Factor %(n)s, %(field)s: %(error)s")
                % {"n": index, "field": str(label).lower(), "error": error}
                for error in errors
            ]
    return problems


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0
