"""Pages of quality objectives: the list, detail (chart, measurements, plan actions),
add/edit, measurements (record, correct, void), recompute, the measurement list and the PDF
report. Workflow steps go through core's ObjectTransitionView."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.charts import Series, line_chart, nice_ticks
from qms.core.errors import Conflict
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)

from . import selectors, services
from .choices import CLOSED_STATES, SourceKind
from .filtersets import MeasurementFilterSet, ObjectiveFilterSet
from .forms import CorrectForm, MeasurementForm, ObjectiveForm, VoidForm
from .models import Measurement, QualityObjective
from .specs import MEASUREMENT, OBJECTIVE


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def chart_y_range(
    values: list[float | None], *, target: float, baseline: float | None, unit: str
) -> tuple[float | None, float | None]:
    """The value axis chosen from the data, the target and the baseline, with a little padding
    (a flat line at the top of a 0-100 axis shows nothing). Percentages stay within 0..100;
    the axis starts at zero when the values come close to it anyway."""
    points = [v for v in values if v is not None] + [target]
    if baseline is not None:
        points.append(baseline)
    low, high = min(points), max(points)
    span = high - low or max(abs(high) * 0.1, 1.0)
    pad = span * 0.15
    y_min, y_max = low - pad, high + pad
    if low >= 0 and y_min < 0:
        y_min = 0.0
    if low >= 0 and y_min <= span:  # close to zero: show it from zero
        y_min = 0.0
    if unit.strip() == "%":
        y_min = max(y_min, 0.0)
        if high <= 100:
            y_max = min(y_max, 100.0)
    nice_min, nice_max, _ticks = nice_ticks(y_min, y_max)
    # Whole steps, still within 0..100 for a percentage and never below zero for positive data.
    if low >= 0:
        nice_min = max(nice_min, 0.0)
    if unit.strip() == "%" and high <= 100:
        nice_max = min(nice_max, 100.0)
    return nice_min, nice_max


def objective_chart(objective: QualityObjective, measurements: list[Measurement]) -> Any:
    labels, values, expected = selectors.chart_points(
        objective=objective, measurements=measurements
    )
    series = [Series(_("Measured"), [_float(v) for v in values], tone="primary")]
    if objective.baseline is not None:
        series.append(Series(_("Planned path"), [_float(v) for v in expected], tone="muted"))
    target = float(objective.target)
    y_min, y_max = chart_y_range(
        [v for s in series for v in s.values],
        target=target,
        baseline=_float(objective.baseline),
        unit=objective.unit,
    )
    return line_chart(
        title=_("%(number)s: value against target") % {"number": objective.number},
        labels=labels,
        series=series,
        unit=objective.unit,
        target=target,
        y_min=y_min,
        y_max=y_max,
        category=_("Period"),
    )


class ObjectiveListView(ObjectListView):
    model = QualityObjective
    filterset_class = ObjectiveFilterSet
    columns = OBJECTIVE.columns
    title = "Quality objectives"

    def get_queryset(self) -> models.QuerySet[Any]:
        return selectors.with_latest(super().get_queryset())

    def extra_links(self) -> list[tuple[str, str]]:
        links = list(super().extra_links())
        links.append((_("Objectives report (PDF)"), reverse("objectives:report_pdf")))
        links.append((_("Measurements"), reverse("objectives:measurement_list")))
        links.append(
            (
                _("Import measurements"),
                reverse("core:import_upload", args=["objectives.measurements"]),
            )
        )
        return links


class ObjectiveDetailView(ObjectDetailView):
    spec = OBJECTIVE
    template_name = "objectives/objective_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        measurements = list(selectors.measurements_of(objective=obj))
        is_open = obj.status not in CLOSED_STATES
        may_measure = is_open and self.can("measure", obj=obj)
        if not is_open:
            context["edit_url"] = None
        context.update(
            {
                "objective": obj,
                "measurements": measurements,
                "chart": objective_chart(obj, measurements),
                "measurement_form": MeasurementForm() if may_measure else None,
                "may_measure": may_measure,
                "computed": obj.source == SourceKind.INDICATOR,
                "pdf_url": reverse("objectives:report_pdf") + f"?objective={obj.pk}",
            }
        )
        return context


class ObjectiveCreateView(ObjectCreateView):
    spec = OBJECTIVE
    form_class = ObjectiveForm
    create_service = staticmethod(services.objective_create)


class ObjectiveUpdateView(ObjectUpdateView):
    spec = OBJECTIVE
    form_class = ObjectiveForm
    update_service = staticmethod(services.objective_update)


class _ObjectiveAction(TenantViewMixin, View):
    model = QualityObjective
    permission = "measure"

    def get_objective(self) -> QualityObjective:
        obj: QualityObjective = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        if not self.can(self.permission, obj=obj):
            raise PermissionDenied
        return obj


class MeasurementAddView(_ObjectiveAction):
    """Record one measurement from the detail page's form (400 with the field messages)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        objective = self.get_objective()
        form = MeasurementForm(request.POST)
        if form.is_valid():
            try:
                services.measurement_record(
                    actor=request.user,  # type: ignore[arg-type]
                    objective=objective,
                    period=form.cleaned_data["period"],
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Measurement recorded."))
                return HttpResponseRedirect(objective.get_absolute_url() + "#measurements")
        view = ObjectiveDetailView()
        view.setup(request, pk=objective.pk)
        context = view.get_context_data(view.get_object())
        context["measurement_form"] = form
        return render(request, ObjectiveDetailView.template_name, context, status=400)


class RecomputeView(_ObjectiveAction):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        objective = self.get_objective()
        try:
            counts = services.objective_measurements_compute(
                actor=request.user,  # type: ignore[arg-type]
                objective=objective,
                today=timezone.localdate(),
            )
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Recomputed: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % counts,
            )
        return HttpResponseRedirect(objective.get_absolute_url() + "#measurements")


class _MeasurementChange(TenantViewMixin, View):
    model = Measurement
    form_class: Any = VoidForm
    template_name = "objectives/measurement_change.html"
    heading = ""

    def get_measurement(self) -> Measurement:
        obj: Measurement = get_object_or_404(
            self.scoped("view").select_related("objective"), pk=self.kwargs["pk"]
        )
        if obj.voided or obj.objective.status in CLOSED_STATES:
            raise PermissionDenied
        if not self.can("change", obj=obj):
            raise PermissionDenied
        return obj

    def render_form(self, obj: Measurement, form: Any, status: int = 200) -> HttpResponse:
        title = self.heading % {"period": f"{obj.period:%Y-%m}", "objective": obj.objective}
        context = {
            "object": obj,
            "form": form,
            "title": title,
            "model_name": Measurement._meta.verbose_name,
            "cancel_url": obj.objective.get_absolute_url(),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Quality objectives"), reverse("objectives:qualityobjective_list")),
                (str(obj.objective), obj.objective.get_absolute_url()),
                (title, None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_measurement()
        initial: dict[str, Any] = {"version": obj.version}
        if self.form_class is CorrectForm:
            initial["value"] = obj.value
        return self.render_form(obj, self.form_class(initial=initial))

    def apply(self, obj: Measurement, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_measurement()
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_form(obj, form, status=400)
        try:
            self.apply(obj, form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_form(obj, form, status=400)
        except Conflict as error:
            form.add_error(None, error.message)
            return self.render_form(obj, form, status=409)
        messages.success(request, _("Measurement saved."))
        return HttpResponseRedirect(obj.objective.get_absolute_url() + "#measurements")


class MeasurementCorrectView(_MeasurementChange):
    form_class = CorrectForm
    heading = "Correct the measurement of %(period)s"

    def apply(self, obj: Measurement, data: dict[str, Any]) -> None:
        services.measurement_correct(
            actor=self.request.user,
            measurement=obj,
            value=data["value"],
            reason=data["reason"],
            version=data.get("version"),
        )


class MeasurementVoidView(_MeasurementChange):
    form_class = VoidForm
    heading = "Void the measurement of %(period)s"

    def apply(self, obj: Measurement, data: dict[str, Any]) -> None:
        services.measurement_void(
            actor=self.request.user,
            measurement=obj,
            reason=data["reason"],
            version=data.get("version"),
        )


class MeasurementListView(ObjectListView):
    model = Measurement
    filterset_class = MeasurementFilterSet
    columns = MEASUREMENT.columns
    title = "Objective measurements"


class MeasurementDetailView(ObjectDetailView):
    spec = MEASUREMENT

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["edit_url"] = (
            reverse("objectives:measurement_correct", args=[obj.pk])
            if not obj.voided and self.can("change", obj=obj)
            else None
        )
        return context


class ReportPdfView(TenantViewMixin, View):
    """The objectives report as a PDF (every objective, or `?objective=<id>`)."""

    model = QualityObjective

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from .pdf import report_response

        self.require("view")
        queryset = self.scoped("view")
        if request.GET.get("objective", "").isdigit():
            queryset = queryset.filter(pk=int(request.GET["objective"]))
        return report_response(request=request, queryset=queryset)
