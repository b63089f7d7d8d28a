"""Pages of the Stage 1 readiness report: the live report (filters by state and edition),
its PDF and XLSX exports, and saved snapshots (save, list, show)."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.permissions import RolesArg, perm_name, role_has_perm
from qms.core.tables import Column
from qms.core.views.generic import ObjectDetailView, ObjectListView, TenantViewMixin

from . import selectors, services
from .charts import history_chart, percentage_chart, states_chart
from .choices import ClauseState
from .data import report_data
from .exports import pdf_download, xlsx_download
from .models import ReadinessSnapshot
from .selectors.card import remember_card

STATE_FILTERS = [(str(state), str(state.label)) for state in ClauseState]


def share_url(roles: RolesArg) -> str | None:
    """Where to grant a certification body access to the report (the access grants module's
    page, with the readiness report chosen), for a member whose roles may grant access."""
    if not role_has_perm(roles, perm_name("access_grants.accessgrant", "add")):
        return None
    return reverse("access_grants:grant_add") + "?record_types=readiness"


def filtered(data: dict[str, Any], *, state: str, edition: str) -> dict[str, Any]:
    """The report data with only the clauses of `state` and of edition `edition` (its pk)."""
    if not state and not edition:
        return data
    result = copy.deepcopy(data)
    editions = []
    for item in result["editions"]:
        if edition and str(item.get("edition_id")) != edition:
            continue
        for group in item["groups"]:
            if state:
                group["clauses"] = [line for line in group["clauses"] if line["state"] == state]
        item["groups"] = [group for group in item["groups"] if group["clauses"]]
        editions.append(item)
    result["editions"] = editions
    return result


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Home"), reverse("core:dashboard")), *extra]


class ReportView(TenantViewMixin, View):
    """The live report: summary, charts, what to fix, the clause table per edition."""

    model = ReadinessSnapshot

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        organization = self.organization
        report = selectors.readiness_report(organization=organization, today=timezone.localdate())
        remember_card(report)  # the home card shows the figures just computed
        data = report_data(report)
        state = request.GET.get("state", "")
        if state not in ClauseState.values:
            state = ""
        edition = request.GET.get("edition", "")
        if edition not in {str(item["edition_id"]) for item in data["editions"]}:
            edition = ""
        history = selectors.snapshot_history(organization=organization)
        context = {
            "title": _("Stage 1 readiness"),
            "report": report,
            "readiness": filtered(data, state=state, edition=edition),
            "filtering": bool(state or edition),
            "state": state,
            "edition": edition,
            "state_choices": STATE_FILTERS,
            "edition_choices": [
                (str(item["edition_id"]), item["edition"]) for item in data["editions"]
            ],
            "percentage_chart": percentage_chart(report),
            "states_chart": states_chart(report),
            "history_chart": history_chart(history),
            "can_export": self.can("export"),
            "can_snapshot": self.can("add"),
            "share_url": share_url(request.membership.roles),  # type: ignore[attr-defined]
            "breadcrumbs": _crumbs((_("Stage 1 readiness"), None)),
        }
        return render(request, "readiness/report.html", context)


class ReportPdfView(TenantViewMixin, View):
    model = ReadinessSnapshot

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("export")
        report = selectors.readiness_report(
            organization=self.organization, today=timezone.localdate()
        )
        return pdf_download(report)


class ReportXlsxView(TenantViewMixin, View):
    model = ReadinessSnapshot

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("export")
        report = selectors.readiness_report(
            organization=self.organization, today=timezone.localdate()
        )
        return xlsx_download(report)


class SnapshotForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Why this version is kept, e.g. “sent to the certification body”."),
    )


class SnapshotCreateView(TenantViewMixin, View):
    """Save the report as computed now (a frozen, audited copy)."""

    model = ReadinessSnapshot

    def _render(self, form: SnapshotForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Save this report"),
            "cancel_url": reverse("readiness:report"),
            "breadcrumbs": _crumbs(
                (_("Stage 1 readiness"), reverse("readiness:report")), (_("Save this report"), None)
            ),
        }
        return render(self.request, "readiness/snapshot_form.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        return self._render(SnapshotForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = SnapshotForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        item = services.snapshot_save(
            actor=request.user,
            organization=self.organization,
            today=timezone.localdate(),
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("The report was saved at %(percentage)s %%.") % {"percentage": item.percentage},
        )
        return HttpResponseRedirect(item.get_absolute_url())


_COLUMNS = (
    Column("taken_at", link=True),
    Column("percentage"),
    Column("taken_by", sort="taken_by__email"),
    Column("note", sort=False),
)


class SnapshotListView(ObjectListView):
    model = ReadinessSnapshot
    columns: ClassVar[Any] = _COLUMNS
    title = "Saved readiness reports"

    def get_queryset(self) -> Any:
        return self.scoped("view").select_related("taken_by")

    def extra_links(self) -> list[tuple[str, str]]:
        return [(str(_("Live report")), reverse("readiness:report"))]


class SnapshotDetailView(ObjectDetailView):
    model = ReadinessSnapshot
    fields: ClassVar[Any] = _COLUMNS
    template_name = "readiness/snapshot_detail.html"

    def base_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return _crumbs(
            (_("Stage 1 readiness"), reverse("readiness:report")),
            (_("Saved reports"), reverse("readiness:readinesssnapshot_list")),
        )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["readiness"] = obj.data
        context["title"] = _("Readiness report saved %(when)s") % {
            "when": timezone.localtime(obj.taken_at).strftime("%Y-%m-%d %H:%M")
        }
        return context
