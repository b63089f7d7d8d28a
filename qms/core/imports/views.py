"""Pages of imports: the list of importers, one importer's upload form and history, a run's
report (with "Import for real" after a clean dry run) and a CSV template of the columns.

Uploading needs the importer's own permission (e.g. adding sites); the history of runs is
read by the roles holding core.importrun "view", and everyone sees their own runs. An
unknown kind, another organization's run and a run the user may not read are 404.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ..errors import Conflict
from ..permissions import has_perm
from ..views.generic import TenantViewMixin
from .framework import ROW, Importer, ImportReport
from .models import ImportRun, ImportStatus
from .parsing import limit
from .registry import UnknownImporter, get_importer, importers
from .services import import_confirm, import_run, pending_file_exists, pending_hours

HISTORY_LIMIT = 20


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A .csv (UTF-8, comma or semicolon) or .xlsx sheet whose first row names the "
            "columns, or a .zip with index.csv or index.xlsx and the files it names."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.zip"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and show what would change, save nothing"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        maximum = limit("IMPORT_MAX_UPLOAD_BYTES")
        if upload.size > maximum:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it.") % {"mb": maximum // 1048576}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".zip")):
            raise forms.ValidationError(_("Upload a .csv, .xlsx or .zip file."))
        return upload


class _ImportViewMixin(TenantViewMixin):
    model = ImportRun
    kwargs: dict[str, Any]

    def importer(self, kind: str | None = None) -> Importer:
        """The importer of the URL's kind, which the user's role must be allowed to run."""
        try:
            importer = get_importer(kind or self.kwargs["kind"])
        except UnknownImporter:
            raise Http404 from None
        if not self.may_import(importer):
            raise PermissionDenied
        return importer

    def may_import(self, importer: Importer | type[Importer]) -> bool:
        membership = getattr(self.request, "membership", None)
        return has_perm(membership, importer.permission_name())

    def readable_runs(self) -> Any:
        """The runs the user may read: all of them for the roles that read the history
        (core.importrun "view"), and everyone's own runs."""
        if self.can("view"):
            runs = self.scoped("view")
        else:
            runs = ImportRun.objects.for_organization(self.organization).filter(
                created_by=self.request.user
            )
        return runs.select_related("created_by")

    def crumbs(self, importer: Importer | None, *more: tuple[str, str | None]) -> list[Any]:
        found: list[Any] = [
            (_("Home"), reverse("core:dashboard")),
            (_("Imports"), reverse("core:import_index")),
        ]
        if importer is not None:
            url = reverse("core:import_upload", args=[importer.kind])
            found.append((str(importer.label), url if self.may_import(importer) else None))
        return [*found, *more]


class ImportIndexView(_ImportViewMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        available = [importer for importer in importers() if self.may_import(importer)]
        context = {
            "title": _("Imports"),
            "importers": available,
            "can_read_history": self.can("view"),
            "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("Imports"), None)],
        }
        return render(request, "core/imports/index.html", context)


class ImportUploadView(_ImportViewMixin, View):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        return self.page(self.importer(), ImportUploadForm())

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        importer = self.importer()
        self.require("add")
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(importer, form, status=400)
        report = import_run(
            actor=request.user,
            organization=self.organization,
            importer_kind=importer.kind,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
        )
        _announce(request, report)
        return HttpResponseRedirect(reverse("core:importrun_detail", args=[report.run_id]))

    def page(self, importer: Importer, form: ImportUploadForm, status: int = 200) -> HttpResponse:
        context = {
            "title": _("Import: %(label)s") % {"label": importer.label},
            "importer": importer,
            "form": form,
            "runs": list(self.readable_runs().filter(kind=importer.kind)[:HISTORY_LIMIT]),
            "max_rows": limit("IMPORT_MAX_ROWS"),
            "breadcrumbs": [*self.crumbs(importer)[:-1], (str(importer.label), None)],
        }
        return render(self.request, "core/imports/upload.html", context, status=status)


def _announce(request: HttpRequest, report: ImportReport) -> None:
    totals = report.totals
    if report.status == ImportStatus.SUCCEEDED:
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % totals,
        )
    elif report.status == ImportStatus.DRY_RUN_OK:
        messages.success(
            request, _("Dry run passed: nothing was saved. Check the rows, then import for real.")
        )
    elif report.status == ImportStatus.FAILED:
        messages.error(request, _("Nothing was imported: fix the errors below and upload again."))
    else:
        messages.warning(request, _("Dry run found errors: nothing was saved."))


class ImportRunListView(_ImportViewMixin, View):
    """Every import of the organization, newest first (the roles that read the history)."""

    paginate_by = 50

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("view")
        page = Paginator(self.readable_runs(), self.paginate_by).get_page(request.GET.get("page"))
        labels = {importer.kind: str(importer.label) for importer in importers()}
        context = {
            "title": _("Import history"),
            "page": page,
            "runs": [(run, labels.get(run.kind, run.kind)) for run in page.object_list],
            "breadcrumbs": self.crumbs(None, (_("History"), None)),
        }
        return render(request, "core/imports/run_list.html", context)


class ImportRunDetailView(_ImportViewMixin, View):
    def get_run(self) -> ImportRun:
        run: ImportRun = get_object_or_404(self.readable_runs(), pk=self.kwargs["pk"])
        return run

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_run()  # first: a run the user may not read is 404, never 403
        try:
            importer: Importer | None = get_importer(run.kind)
        except UnknownImporter:
            importer = None  # a module since removed: the stored report still reads
        report = ImportReport.from_json(run.report)
        can_confirm = (
            importer is not None
            and run.created_by_id == request.user.pk
            and self.may_import(importer)
            and pending_file_exists(run)
        )
        context = {
            "title": _("Import of %(file)s") % {"file": run.file_name},
            "importer": importer,
            "label": str(importer.label) if importer else run.kind,
            "run": run,
            "report": report,
            "rows": _report_rows(importer, report),
            "can_confirm": can_confirm,
            "pending_hours": pending_hours(),
            "breadcrumbs": self.crumbs(importer, (run.file_name, None)),
        }
        return render(request, "core/imports/run_detail.html", context)


class ImportConfirmView(ImportRunDetailView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(reverse("core:importrun_detail", args=[pk]))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_run()
        importer = self.importer(run.kind)
        self.require("add")
        try:
            report = import_confirm(actor=request.user, organization=self.organization, run=run)
        except Conflict as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("core:import_upload", args=[importer.kind]))
        _announce(request, report)
        return HttpResponseRedirect(reverse("core:importrun_detail", args=[report.run_id]))


class ImportTemplateView(_ImportViewMixin, View):
    """A CSV with the header row only: a starting point for the user's sheet."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        importer = self.importer()
        buffer = io.StringIO()
        csv.writer(buffer).writerow(importer.column_names())
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        filename = importer.kind.replace(".", "-")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response


def _report_rows(importer: Importer | None, report: ImportReport) -> list[dict[str, Any]]:
    """Each row of the report with its errors in the order of the columns, the whole-row
    errors first."""
    order = [ROW, *report.columns, *(importer.column_names() if importer else [])]
    rows = []
    for row in report.rows:
        errors = sorted(
            row.errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else 999
        )
        rows.append(
            {
                "number": row.number,
                "status": row.status,
                "key": row.key,
                "errors": [(None if column == ROW else column, texts) for column, texts in errors],
            }
        )
    return rows
