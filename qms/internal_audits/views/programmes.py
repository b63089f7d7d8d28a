"""Pages of the yearly audit programme: list, add/edit, detail (processes and the
processes x months matrix), its processes, planning the audits, the calendar and the clause
coverage over the programme cycle. Approve/revise go through core's ObjectTransitionView."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict, StaleVersion
from qms.core.forms import changed_values
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)

from .. import rules, selectors, services
from ..choices import ProgrammeStatus
from ..filtersets import ProgrammeFilterSet
from ..forms import ProgrammeForm, ProgrammeProcessForm
from ..models import AuditProgramme, ProgrammeProcess
from ..specs import PROGRAMME, PROGRAMME_PROCESS_COLUMNS


def cycle_years() -> int:
    """The clause-coverage cycle in calendar years (setting QMS_INTERNAL_AUDITS_CYCLE_YEARS,
    read on each call so a changed setting applies without a restart of the import)."""
    return int(settings.INTERNAL_AUDITS_CYCLE_YEARS)


class ProgrammeMixin(TenantViewMixin):
    model = AuditProgramme
    kwargs: dict[str, Any]

    def url_for(self, action: str, obj: Any = None) -> str | None:
        try:
            return reverse(
                f"internal_audits:auditprogramme_{action}", args=[obj.pk] if obj is not None else []
            )
        except NoReverseMatch:
            return None

    def get_programme(self, action: str = "view") -> AuditProgramme:
        programme: AuditProgramme = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require(action, programme)
        return programme

    def crumbs(self, programme: AuditProgramme, page: str) -> list[tuple[str, str | None]]:
        return [
            *self.base_breadcrumbs(),
            (str(programme), programme.get_absolute_url()),
            (page, None),
        ]


class ProgrammeListView(ProgrammeMixin, ObjectListView):
    columns = PROGRAMME.columns
    filterset_class = ProgrammeFilterSet
    title = "Audit programmes"


class ProgrammeCreateView(ProgrammeMixin, ObjectCreateView):
    spec = PROGRAMME
    form_class = ProgrammeForm
    create_service = staticmethod(services.programme_create)

    def form_kwargs(self) -> dict[str, Any]:
        return {**super().form_kwargs(), "initial": {"year": timezone.localdate().year}}


class _RefusedChangeUpdateView(ObjectUpdateView):
    """A change the service refuses as a Conflict (the programme is no longer a draft) goes
    back to the record's page with the reason as a message."""

    detail_url_name: str

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except Conflict as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse(self.detail_url_name, args=[kwargs["pk"]]))


class ProgrammeUpdateView(ProgrammeMixin, _RefusedChangeUpdateView):
    spec = PROGRAMME
    form_class = ProgrammeForm
    update_service = staticmethod(services.programme_update)
    detail_url_name = "internal_audits:auditprogramme_detail"


class ProgrammeDetailView(ProgrammeMixin, ObjectDetailView):
    spec = PROGRAMME
    template_name = "internal_audits/programme_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        draft = obj.status == ProgrammeStatus.DRAFT
        if not draft:
            context["edit_url"] = None
        context.update(
            {
                "programme": obj,
                "matrix": selectors.programme_matrix(programme=obj),
                "months": [date(obj.year, m, 1) for m in range(1, 13)],
                "may_change": draft and self.can("change", obj=obj),
                "may_plan": self.can("plan", obj=obj),
            }
        )
        return context


class ProgrammeRowsView(ProgrammeMixin, View):
    """The programme's processes: add one, add every active process, change a row's
    importance or frequency, re-read risk levels and previous results."""

    template_name = "internal_audits/programme_rows.html"

    def render_rows(
        self,
        programme: AuditProgramme,
        add_form: Any = None,
        errors: dict[int, Any] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        rows = selectors.programme_rows(programme=programme)
        forms = [
            (errors or {}).get(row.pk)
            or ProgrammeProcessForm(
                instance=row, organization=self.organization, prefix=f"r{row.pk}"
            )
            for row in rows
        ]
        context = {
            "programme": programme,
            "title": _("Processes of %(programme)s") % {"programme": programme},
            "rows": list(zip(rows, forms, strict=True)),
            "add_form": add_form
            or ProgrammeProcessForm(organization=self.organization, prefix="add"),
            "breadcrumbs": self.crumbs(programme, _("Processes")),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_rows(self.get_programme("change"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme("change")
        action = request.POST.get("action", "")
        back = HttpResponseRedirect(
            reverse("internal_audits:auditprogramme_rows", args=[programme.pk])
        )
        try:
            if action == "add_all":
                added = services.programme_add_active_processes(
                    actor=request.user, programme=programme
                )
                messages.success(request, _("%(n)s process(es) added.") % {"n": added})
                return back
            if action == "refresh":
                changed = services.programme_refresh(actor=request.user, programme=programme)
                messages.success(
                    request,
                    _("Risk levels and previous results read again: %(n)s row(s) changed.")
                    % {"n": len(changed)},
                )
                return back
            if action == "add":
                form = ProgrammeProcessForm(
                    data=request.POST, organization=self.organization, prefix="add"
                )
                if form.is_valid():
                    try:
                        services.programme_process_add(
                            actor=request.user, programme=programme, data=form.cleaned_data
                        )
                    except ValidationError as error:
                        apply_validation_error(form, error)
                    else:
                        messages.success(request, _("Process added."))
                        return back
                return self.render_rows(programme, add_form=form, status=400)
            if action.startswith("update-") and action[7:].isdigit():
                row = get_object_or_404(
                    ProgrammeProcess.objects.for_organization(self.organization).filter(
                        programme=programme
                    ),
                    pk=int(action[7:]),
                )
                form = ProgrammeProcessForm(
                    data=request.POST,
                    instance=row,
                    organization=self.organization,
                    prefix=f"r{row.pk}",
                )
                if form.is_valid():
                    data = {k: v for k, v in changed_values(form).items() if k != "process"}
                    try:
                        services.programme_process_update(
                            actor=request.user, instance=row, data=data, version=form.edited_version
                        )
                    except ValidationError as error:
                        apply_validation_error(form, error)
                    else:
                        messages.success(
                            request, _("%(process)s saved.") % {"process": row.process}
                        )
                        return back
                return self.render_rows(programme, errors={row.pk: form}, status=400)
        except (Conflict, StaleVersion) as error:
            messages.error(request, str(error))
            return back
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return back
        messages.error(request, _("Unknown action."))
        return back


class ProgrammePlanView(ProgrammeMixin, View):
    """POST: create the planned audits the programme still lacks."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme("plan")
        try:
            created = services.programme_plan(actor=request.user, programme=programme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(
                    request,
                    _("%(n)s audit(s) planned: %(list)s.")
                    % {"n": len(created), "list": ", ".join(a.number for a in created)},
                )
            else:
                messages.info(request, _("Every audit of the programme is already planned."))
        return HttpResponseRedirect(programme.get_absolute_url())


class ProgrammeCalendarView(ProgrammeMixin, View):
    template_name = "internal_audits/programme_calendar.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme()
        context = {
            "programme": programme,
            "title": _("Calendar of %(programme)s") % {"programme": programme},
            "months": selectors.programme_calendar(programme=programme),
            "today_month": timezone.localdate().replace(day=1),
            "breadcrumbs": self.crumbs(programme, _("Calendar")),
        }
        return render(request, self.template_name, context)


class ProgrammeCoverageView(ProgrammeMixin, View):
    """Every clause of the adopted standards with the last audit that covered it within the
    cycle (the programme year and the years before: cycle_years() in all); clauses not audited
    yet in the cycle are highlighted."""

    template_name = "internal_audits/programme_coverage.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_programme()
        years = cycle_years()
        since = rules.coverage_since(year=programme.year, cycle_years=years)
        rows = selectors.coverage_rows(organization=self.organization, since=since)
        missing = sum(1 for row in rows if row.last_audited is None)
        context = {
            "programme": programme,
            "title": _("Clause coverage %(first)s–%(last)s")  # noqa: RUF001
            % {"first": since.year, "last": programme.year},
            "rows": rows,
            "since": since,
            "cycle_years": years,
            "missing": missing,
            "covered": len(rows) - missing,
            "breadcrumbs": self.crumbs(programme, _("Clause coverage")),
        }
        return render(request, self.template_name, context)


# --- Programme processes (the rows, also as pages of their own) ---------------------------


class ProgrammeProcessListView(ObjectListView):
    """Every process of every programme, with what decides its frequency."""

    model = ProgrammeProcess
    columns = PROGRAMME_PROCESS_COLUMNS
    title = "Programme processes"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("programme", "process")


class ProgrammeProcessDetailView(ObjectDetailView):
    model = ProgrammeProcess
    fields = PROGRAMME_PROCESS_COLUMNS

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        if obj.programme.status != ProgrammeStatus.DRAFT:
            context["edit_url"] = None
        return context


class ProgrammeProcessUpdateView(_RefusedChangeUpdateView):
    model = ProgrammeProcess
    form_class = ProgrammeProcessForm
    update_service = staticmethod(services.programme_process_update)
    detail_url_name = "internal_audits:programmeprocess_detail"
