"""Pages of the risk register: list (filters, search, heat map cell, export), detail, add/edit,
record a review, the heat map and trend page, the matrix settings and the PDF report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict
from qms.core.export import csv_response, xlsx_response
from qms.core.permissions import has_perm
from qms.core.tables import export_rows
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.core.views.listing import ObjectListView
from qms.standards.selectors import clauses_for_subject

from . import reports, rules, selectors, services
from .choices import RiskKind
from .filtersets import RiskFilterSet
from .forms import MatrixForm, ReviewForm, RiskForm
from .heatmap import build_heatmap
from .links import linked_panels
from .models import Risk
from .snapshots import snapshot_changes, snapshot_rows
from .specs import EXPORT_COLUMNS, RISK


def clause_url(clause: Any) -> str | None:
    try:
        return str(clause.get_absolute_url())
    except NoReverseMatch:
        return None


class RiskListView(ObjectListView):
    model = Risk
    filterset_class = RiskFilterSet
    columns = RISK.columns
    title = "Risks and opportunities"

    def get_queryset(self) -> Any:
        return selectors.risk_list(user=self.request.user, organization=self.organization)

    def export(self, queryset: Any, kind: str) -> HttpResponseBase:
        header = [column.header(self.model) for column in EXPORT_COLUMNS]
        rows = export_rows(queryset.iterator(chunk_size=1000), EXPORT_COLUMNS)
        if kind == "csv":
            return csv_response("risks", header, rows)
        return xlsx_response("risks", header, rows)

    def extra_links(self) -> list[tuple[str, str]]:
        links = [
            (_("Heat map and trend"), reverse("risks:risk_heatmap")),
            (_("PDF report"), reverse("risks:risk_pdf")),
        ]
        if has_perm(self.request.user, "risks.change_riskmatrix", organization=self.organization):
            links.append((_("Rating matrix"), reverse("risks:matrix_edit")))
        return links


class RiskDetailView(ObjectDetailView):
    spec = RISK
    template_name = "risks/risk_detail.html"

    def get_object(self) -> Any:
        obj = super().get_object()
        # Read once for the page's link lists and for the "changed since approval" snapshot.
        prefetch_related_objects([obj], "processes", "issues", "interested_parties")
        return obj

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        matrix = services.matrix_for(self.organization)
        bands = services.band_labels(matrix, obj.kind)
        approvals = list(obj.approvals.select_related("approved_by").order_by("-approved_at")[:5])
        last = approvals[0] if approvals else None
        changes = (
            snapshot_changes(last.snapshot, services.risk_snapshot(obj, matrix=matrix), bands=bands)
            if last
            else []
        )
        if obj.status == "closed":
            context["edit_url"] = None
        context.update(
            {
                "risk": obj,
                "matrix": matrix,
                "inherent_band": bands.get(obj.inherent_band),
                "residual_band": bands.get(obj.residual_band),
                "lik_labels": matrix.likelihood_labels,
                "con_labels": matrix.consequence_labels,
                "rating": reports.rating_text(obj, matrix),
                "approvals": approvals,
                "last_approval": last,
                "approval_changes": changes,
                "snapshot_rows": snapshot_rows(last.snapshot, bands=bands, exclude=("actions",))
                if last
                else [],
                "assessments": list(obj.assessments.select_related("assessed_by")[:20]),
                "reviews": list(obj.reviews.select_related("reviewed_by")[:10]),
                "prompts": selectors.open_prompts(risk=obj),
                "link_panels": linked_panels(obj),
                "linked_clauses": [(c, clause_url(c)) for c in clauses_for_subject(subject=obj)],
                "processes": list(obj.processes.all()),
                "issues": list(obj.issues.all()),
                "parties": list(obj.interested_parties.all()),
                "review_url": reverse("risks:risk_review", args=[obj.pk])
                if self.can("review", obj=obj) and obj.status != "closed"
                else None,
                "review_overdue": rules.review_overdue(
                    status=obj.status, next_review_on=obj.next_review_on, today=timezone.localdate()
                ),
                "delete_url": None,
            }
        )
        return context


class _RiskFormMixin:
    organization: Any
    kwargs: Any

    def form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().form_kwargs()  # type: ignore[misc]
        kwargs["matrix"] = services.matrix_for(self.organization)
        pk = self.kwargs.get("pk")
        if pk is not None:
            risk = self.scoped("view").filter(pk=pk).first()  # type: ignore[attr-defined]
            if risk is not None:
                kwargs["linked"] = clauses_for_subject(subject=risk)
        return kwargs


class RiskCreateView(_RiskFormMixin, ObjectCreateView):
    spec = RISK
    form_class = RiskForm
    create_service = staticmethod(services.risk_create)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        kind = request.GET.get("kind")
        initial = {
            "owner": request.user.pk,
            "kind": kind if kind in RiskKind.values else RiskKind.RISK,
        }
        return self.render_form(self.form_class(initial=initial, **self.form_kwargs()))


class RiskUpdateView(_RiskFormMixin, ObjectUpdateView):
    spec = RISK
    form_class = RiskForm
    update_service = staticmethod(services.risk_update)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except Conflict as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("risks:risk_detail", args=[kwargs["pk"]]))


class RiskReviewView(TenantViewMixin, View):
    """Record a periodic review of one entry."""

    model = Risk
    template_name = "risks/matrix_form.html"

    def get_object(self) -> Risk:
        obj: Risk = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        if not self.can("review", obj=obj):
            raise PermissionDenied
        return obj

    def _render(self, obj: Risk, form: ReviewForm, status: int = 200) -> HttpResponse:
        context = {
            "object": obj,
            "form": form,
            "title": _("Record a review of %(risk)s") % {"risk": obj},
            "model_name": Risk._meta.verbose_name,
            "cancel_url": obj.get_absolute_url(),
            "breadcrumbs": [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (_("Review"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = ReviewForm(initial={"reviewed_on": timezone.localdate(), "version": obj.version})
        return self._render(obj, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self._render(obj, form, status=400)
        try:
            services.risk_record_review(
                actor=request.user,  # type: ignore[arg-type]
                risk=obj,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                reviewed_on=form.cleaned_data["reviewed_on"],
                version=form.cleaned_data.get("version"),
            )
        except Conflict as error:  # a stale version or a closed entry
            form.add_error(None, error.message)
            return self._render(obj, form, status=409)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render(obj, form, status=400)
        messages.success(request, _("Review recorded."))
        return HttpResponseRedirect(obj.get_absolute_url())


class RiskHeatmapView(TenantViewMixin, View):
    """Heat maps (inherent and residual, open risks) and the quarterly trend of high risks."""

    model = Risk

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        data = reports.register_figures(
            user=request.user, organization=self.organization, today=timezone.localdate()
        )
        context = {
            **data,
            "title": _("Risk heat map and trend"),
            "breadcrumbs": [*self.base_breadcrumbs(), (_("Heat map"), None)],
        }
        return render(request, "risks/risk_heatmap.html", context)


class RiskPdfView(TenantViewMixin, View):
    model = Risk

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        return reports.register_pdf(
            user=request.user, organization=self.organization, today=timezone.localdate()
        )


class MatrixEditView(TenantViewMixin, View):
    """The organization's rating matrix (quality manager)."""

    model = Risk
    template_name = "risks/matrix_form.html"

    def _check(self) -> None:
        self.require("view")
        if not has_perm(
            self.request.user, "risks.change_riskmatrix", organization=self.organization
        ):
            raise PermissionDenied

    def _render(self, form: MatrixForm, status: int = 200) -> HttpResponse:
        matrix = services.matrix_for(self.organization)
        preview = build_heatmap(
            title=_("Rating matrix as saved"),
            which="matrix",
            likelihood_labels=matrix.likelihood_labels,
            consequence_labels=matrix.consequence_labels,
            bands=matrix.bands,
            counts={},
            base_url=reverse("risks:risk_list"),
            scores=True,
        )
        context = {
            "form": form,
            "title": _("Risk rating matrix"),
            "matrix": matrix,
            "preview": preview,
            "cancel_url": reverse("risks:risk_list"),
            "breadcrumbs": [*self.base_breadcrumbs(), (_("Rating matrix"), None)],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        matrix = services.matrix_for(self.organization)
        return self._render(MatrixForm(initial=MatrixForm.initial_from(matrix)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        form = MatrixForm(request.POST)
        if form.is_valid():
            try:
                services.matrix_update(
                    actor=request.user,  # type: ignore[arg-type]
                    organization=self.organization,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Rating matrix saved."))
                return HttpResponseRedirect(reverse("risks:matrix_edit"))
        return self._render(form, status=400)
