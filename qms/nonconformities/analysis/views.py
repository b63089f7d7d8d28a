"""Pages of the root-cause analysis, 8D reports and dispositions.

Lists and plain detail pages are declarations over core's generic views. The analysis editor
(5 whys and Ishikawa) adds and removes steps by posting the form back with `step=add` or
`step=remove-<n>`: it works without JavaScript, and with htmx only the steps are swapped.
Another organization's record (or nonconformity) is 404; a role without the permission 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict, StaleVersion
from qms.core.forms import changed_values
from qms.core.pdf import pdf_response
from qms.core.permissions import has_object_perm
from qms.core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    TenantViewMixin,
    apply_stale_version,
    apply_validation_error,
)
from qms.nonconformities.models import Nonconformity

from . import rules, selectors, services
from .filtersets import DispositionFilterSet, EightDReportFilterSet, RootCauseAnalysisFilterSet
from .forms import (
    AnalysisForm,
    ChooseNonconformityForm,
    DispositionForm,
    EightDReportForm,
    NonconformityNumberField,
    posted_steps,
    whys_formset,
)
from .models import Disposition, EightDReport, RootCauseAnalysis
from .specs import ANALYSIS, DISPOSITION, EIGHT_D

# --- Shared ------------------------------------------------------------------------------


class _NonconformityMixin(TenantViewMixin):
    """Finds the nonconformity a new record is for (`?nonconformity=<id>` or, posted, its
    number), among those the user may view (another organization's: 404)."""

    nc_permission = "analyse"

    def nonconformity_from(self, value: str) -> Any:
        value = (value or "").strip()
        queryset = Nonconformity.objects.for_user(
            self.request.user, "view", organization=self.organization
        ).select_related("process", "owner")
        if value.isdigit():
            return get_object_or_404(queryset, pk=int(value))
        if value:
            found = queryset.filter(number__iexact=value).first()
            if found is not None:
                return found
        return None

    def require_nc(self, nc: Any) -> None:
        """Writing for a nonconformity needs the right to manage that one (a process owner:
        the nonconformities of their processes or in their charge)."""
        if not has_object_perm(
            self.request.user, nc, self.nc_permission, organization=self.organization
        ):
            raise PermissionDenied


def _crumbs(nc: Any, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Nonconformities"), reverse("nonconformities:nonconformity_list")),
        (nc.number, nc.get_absolute_url()),
        *tail,
    ]


# --- Root-cause analyses -----------------------------------------------------------------


class RootCauseAnalysisListView(ObjectListView):
    model = RootCauseAnalysis
    filterset_class = RootCauseAnalysisFilterSet
    columns = ANALYSIS.columns


class RootCauseAnalysisDetailView(ObjectDetailView):
    spec = ANALYSIS
    template_name = "nonconformities/analysis/rootcauseanalysis_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        nc = obj.nonconformity
        editable = (
            rules.analysis_editable(
                nonconformity_open=nc.is_open, analysis_cycle=obj.cycle, current_cycle=nc.cycle
            )
            is None
        )
        if not editable:
            context["edit_url"] = None
        from .fishbone import fishbone_for

        context.update(
            analysis=obj,
            nonconformity=nc,
            read_only_reason=None
            if editable
            else rules.analysis_editable(
                nonconformity_open=nc.is_open, analysis_cycle=obj.cycle, current_cycle=nc.cycle
            ),
            fishbone=fishbone_for(analysis=obj, problem=nc.title),
            breadcrumbs=_crumbs(nc, (_("Root-cause analysis, cycle %s") % obj.cycle, None)),
        )
        return context


class AnalysisEditorView(_NonconformityMixin, View):
    """Start (`rootcauseanalysis_add`, `?nonconformity=<id>`) or change
    (`rootcauseanalysis_edit`) the analysis of a nonconformity's current cycle."""

    model = RootCauseAnalysis
    template_name = "nonconformities/analysis/analysis_form.html"

    def _target(self) -> tuple[Any, Any]:
        """(nonconformity or None, analysis or None) of the request."""
        if "pk" in self.kwargs:
            analysis = get_object_or_404(
                self.scoped("view").select_related("nonconformity"), pk=self.kwargs["pk"]
            )
            self.require("change", analysis)
            return analysis.nonconformity, analysis
        self.require("add")
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        nc = self.nonconformity_from(source.get("nonconformity", ""))
        if nc is None:
            return None, None
        self.require_nc(nc)
        return nc, selectors.current_analysis(nonconformity=nc)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nc, analysis = self._target()
        if "pk" not in kwargs and analysis is not None:
            return HttpResponseRedirect(
                reverse("nonconformities:rootcauseanalysis_edit", args=[analysis.pk])
            )
        steps = list(analysis.five_whys) if analysis is not None else None
        form = AnalysisForm(initial=AnalysisForm.initial_for(analysis))
        return self.render_editor(nc, analysis, form, whys_formset(steps=steps))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nc, analysis = self._target()
        step = request.POST.get("step", "")
        if step:
            return self._change_steps(nc, analysis, step)
        form = AnalysisForm(data=request.POST)
        formset = whys_formset(data=request.POST)
        if nc is None:
            form.is_valid()
            form.add_error(None, _("Give the number of one of your nonconformities."))
            return self.render_editor(nc, analysis, form, formset, status=400)
        status = 400
        if form.is_valid() & formset.is_valid():
            data = {
                **form.service_data(),
                "five_whys": [
                    {"why": row["why"], "answer": row["answer"]} for row in formset.cleaned_data
                ],
            }
            try:
                if analysis is None:
                    saved = services.root_cause_analysis_create(
                        actor=request.user,
                        organization=self.organization,
                        data={**data, "nonconformity": nc},
                    )
                else:
                    saved = services.root_cause_analysis_update(
                        actor=request.user,
                        instance=analysis,
                        data=data,
                        version=form.edited_version,
                    )
            except StaleVersion as error:
                apply_stale_version(form, error)
                status = 409
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                whys = getattr(error, "error_dict", {}).pop("five_whys", None)
                if whys:
                    formset._non_form_errors = formset.error_class(
                        [message for item in whys for message in item.messages]
                    )
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Root-cause analysis saved."))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_editor(nc, analysis, form, formset, status=status)

    def _change_steps(self, nc: Any, analysis: Any, step: str) -> HttpResponse:
        """Add a step or remove one and show the form again (nothing is saved)."""
        steps = posted_steps(self.request.POST)
        if step == "add" and len(steps) < rules.MAX_WHYS:
            steps.append({"why": "", "answer": ""})
        elif step.startswith("remove-") and step[7:].isdigit() and len(steps) > 1:
            index = int(step[7:])
            if 0 <= index < len(steps):
                steps.pop(index)
        form = AnalysisForm(initial={**self.request.POST.dict(), **_kept(self.request.POST)})
        return self.render_editor(nc, analysis, form, whys_formset(steps=steps))

    def render_editor(
        self, nc: Any, analysis: Any, form: Any, formset: Any, status: int = 200
    ) -> HttpResponse:
        if nc is None:
            form.fields["nonconformity"] = NonconformityNumberField()
            form.order_fields(["nonconformity"])
        title = (
            _("Root-cause analysis of %(number)s") % {"number": nc.number}
            if nc is not None
            else _("New root-cause analysis")
        )
        context = {
            "title": title,
            "nonconformity": nc,
            "analysis": analysis,
            "form": form,
            "formset": formset,
            "max_whys": rules.MAX_WHYS,
            "cancel_url": nc.get_absolute_url()
            if nc is not None
            else reverse("nonconformities:rootcauseanalysis_list"),
            "breadcrumbs": _crumbs(nc, (_("Root-cause analysis"), None))
            if nc is not None
            else [(_("Home"), reverse("core:dashboard")), (_("Root-cause analyses"), None)],
        }
        return render(self.request, self.template_name, context, status=status)


def _kept(data: Any) -> dict[str, Any]:
    """The non-step fields as posted, to show again after adding or removing a step."""
    return {key: data.get(key) for key in data if not key.startswith("whys-")}


# --- 8D reports --------------------------------------------------------------------------


class EightDReportListView(ObjectListView):
    model = EightDReport
    filterset_class = EightDReportFilterSet
    columns = EIGHT_D.columns


class EightDReportDetailView(ObjectDetailView):
    spec = EIGHT_D
    template_name = "nonconformities/analysis/eightdreport_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        nc = obj.nonconformity
        if not nc.is_open:
            context["edit_url"] = None
        from .fishbone import fishbone_for

        # D4 shows the current analysis's 5 whys and Ishikawa diagram, as the PDF does.
        analysis = selectors.current_analysis(nonconformity=nc)
        context.update(
            report=obj,
            nonconformity=nc,
            analysis=analysis,
            fishbone=fishbone_for(analysis=analysis, problem=nc.title) if analysis else None,
            team=list(obj.d1_team_members.all()),
            pdf_url=reverse("nonconformities:eightdreport_pdf", args=[obj.pk]),
            breadcrumbs=_crumbs(nc, (_("8D report"), None)),
        )
        return context


class _EightDFormView(_NonconformityMixin, View):
    model = EightDReport
    template_name = "nonconformities/analysis/form.html"

    def render_form(self, nc: Any, form: Any, *, title: str, status: int = 200) -> HttpResponse:
        if nc is None:
            form.fields["nonconformity"] = NonconformityNumberField()
            form.order_fields(["nonconformity"])
        context = {
            "title": title,
            "form": form,
            "nonconformity": nc,
            "model_name": _("8D report"),
            "cancel_url": nc.get_absolute_url()
            if nc is not None
            else reverse("nonconformities:eightdreport_list"),
            "breadcrumbs": _crumbs(nc, (_("8D report"), None)) if nc is not None else [],
        }
        return render(self.request, self.template_name, context, status=status)


class EightDReportCreateView(_EightDFormView):
    def _nc(self) -> Any:
        self.require("add")
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        nc = self.nonconformity_from(source.get("nonconformity", ""))
        if nc is not None:
            self.require_nc(nc)
        return nc

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nc = self._nc()
        existing = selectors.eight_d_report_of(nonconformity=nc) if nc is not None else None
        if existing is not None:
            return HttpResponseRedirect(existing.get_absolute_url())
        initial = services.eight_d_prefill(nonconformity=nc) if nc is not None else {}
        form = EightDReportForm(initial=initial, organization=self.organization)
        return self.render_form(nc, form, title=_("New 8D report"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nc = self._nc()
        form = EightDReportForm(data=request.POST, organization=self.organization)
        status = 400
        if nc is None:
            form.is_valid()
            form.add_error(None, _("Give the number of one of your nonconformities."))
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                report = services.eight_d_report_create(
                    actor=request.user,
                    organization=self.organization,
                    data={**data, "nonconformity": nc},
                )
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("8D report started."))
                return HttpResponseRedirect(report.get_absolute_url())
        return self.render_form(nc, form, title=_("New 8D report"), status=status)


class EightDReportUpdateView(_EightDFormView):
    def _report(self) -> Any:
        report = get_object_or_404(
            self.scoped("view").select_related("nonconformity"), pk=self.kwargs["pk"]
        )
        self.require("change", report)
        return report

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self._report()
        form = EightDReportForm(instance=report, organization=self.organization)
        return self.render_form(report.nonconformity, form, title=_("Edit %s") % report)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self._report()
        form = EightDReportForm(data=request.POST, instance=report, organization=self.organization)
        status = 400
        if form.is_valid():
            try:
                report = services.eight_d_report_update(
                    actor=request.user,
                    instance=report,
                    data=changed_values(form),
                    version=form.edited_version,
                )
            except StaleVersion as error:
                apply_stale_version(form, error)
                status = 409
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("8D report saved."))
                return HttpResponseRedirect(report.get_absolute_url())
        return self.render_form(
            report.nonconformity, form, title=_("Edit %s") % report, status=status
        )


class EightDReportPdfView(TenantViewMixin, View):
    model = EightDReport

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from .pdf import eight_d_pdf

        report = get_object_or_404(
            self.scoped("view").select_related("nonconformity", "prepared_by"), pk=kwargs["pk"]
        )
        self.require("view")
        pdf = eight_d_pdf(report=report, request=request)
        return pdf_response(pdf=pdf, filename=f"{report.nonconformity.number}-8D.pdf")


# --- Dispositions ------------------------------------------------------------------------


class DispositionListView(ObjectListView):
    model = Disposition
    filterset_class = DispositionFilterSet
    columns = DISPOSITION.columns


class DispositionDetailView(ObjectDetailView):
    spec = DISPOSITION

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["breadcrumbs"] = _crumbs(obj.nonconformity, (str(obj), None))
        return context


class DispositionCreateView(_NonconformityMixin, View):
    """Record a disposition of a nonconformity's output (`?nonconformity=<id>`)."""

    model = Disposition
    nc_permission = "change"
    template_name = "nonconformities/analysis/form.html"

    def _nc(self) -> Any:
        self.require("add")
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        nc = self.nonconformity_from(source.get("nonconformity", ""))
        if nc is not None:
            self.require_nc(nc)
        return nc

    def _choose(self, status: int = 200) -> HttpResponse:
        """Without a nonconformity: ask for its number (a GET back to this page)."""
        form = ChooseNonconformityForm(self.request.GET or None)
        if form.is_bound:
            form.is_valid()
            form.add_error("nonconformity", _("None of your nonconformities has this number."))
        context = {
            "title": _("New disposition"),
            "form": form,
            "method": "get",
            "submit_label": _("Continue"),
            "model_name": _("disposition"),
            "cancel_url": reverse("nonconformities:disposition_list"),
            "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("Dispositions"), None)],
        }
        return render(self.request, self.template_name, context, status=status)

    def _render(self, nc: Any, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "title": _("Disposition of %(number)s") % {"number": nc.number},
            "form": form,
            "nonconformity": nc,
            "model_name": _("disposition"),
            "hidden": {"nonconformity": nc.pk},
            "cancel_url": nc.get_absolute_url(),
            "breadcrumbs": _crumbs(nc, (_("Disposition"), None)),
            "remaining": selectors.analysis_panel(nonconformity=nc).remaining,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nc = self._nc()
        if nc is None:
            return self._choose()
        return self._render(nc, DispositionForm(organization=self.organization, nonconformity=nc))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nc = self._nc()
        if nc is None:
            return self._choose(status=400)
        form = DispositionForm(data=request.POST, organization=self.organization, nonconformity=nc)
        status = 400
        if form.is_valid():
            try:
                disposition = services.disposition_create(
                    actor=request.user, organization=self.organization, data=form.service_data()
                )
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s recorded.") % {"name": capfirst(str(disposition))}
                )
                return HttpResponseRedirect(nc.get_absolute_url() + "#dispositions-heading")
        return self._render(nc, form, status=status)
