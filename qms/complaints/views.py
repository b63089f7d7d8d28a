"""Pages of the complaint log: declarations over core's generic views, plus the detail page
(escalation panel, attachments) and the one-step escalation to a nonconformity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.errors import Conflict, StaleVersion
from qms.core.export import csv_response, xlsx_response
from qms.core.forms import StoredVersionMixin
from qms.core.tables import export_rows, related_paths
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.nonconformities.choices import Severity
from qms.organizations.selectors import process_list

from . import rules, services
from .filtersets import ComplaintFilterSet
from .models import Complaint
from .specs import COMPLAINT, EXPORT_COLUMNS

# Minor first: the default of an escalation.
SEVERITY_CHOICES = sorted(Severity.choices, key=lambda choice: choice[0] != Severity.MINOR)


class ComplaintListView(ObjectListView):
    model = Complaint
    filterset_class = ComplaintFilterSet
    columns = COMPLAINT.columns
    title = "Complaint log"
    template_name = "complaints/complaint_list.html"

    def export(self, queryset: Any, kind: str) -> HttpResponseBase:
        """Every field in the export, also those the log's page leaves to the detail page."""
        queryset = queryset.select_related(*related_paths(self.model, EXPORT_COLUMNS))
        header = [column.header(self.model) for column in EXPORT_COLUMNS]
        rows = export_rows(queryset.iterator(chunk_size=1000), EXPORT_COLUMNS)
        if kind == "csv":
            return csv_response("complaints", header, rows)
        return xlsx_response("complaints", header, rows)


class ComplaintDetailView(ObjectDetailView):
    spec = COMPLAINT
    template_name = "complaints/complaint_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        linked = obj.nonconformity  # the page shows it too
        may_escalate = (
            rules.escalation_problem(
                status=obj.status, nonconformity_number=linked.number if linked else None
            )
            is None
        )
        if obj.status == "closed":
            context["edit_url"] = None  # reopen first (services refuse the edit)
        context.update(
            {
                "complaint": obj,
                "acknowledgement_overdue": obj.acknowledgement_overdue,
                "escalate_url": self.url_for("escalate", obj)
                if may_escalate and self.can("escalate", obj=obj)
                else None,
            }
        )
        return context


class ComplaintCreateView(ObjectCreateView):
    spec = COMPLAINT
    create_service = staticmethod(services.complaint_create)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = self.form_class(
            initial={"received_on": timezone.localdate(), "owner": request.user.pk},
            **self.form_kwargs(),
        )
        return self.render_form(form)


class ComplaintUpdateView(ObjectUpdateView):
    spec = COMPLAINT
    update_service = staticmethod(services.complaint_update)


class EscalateForm(StoredVersionMixin, forms.Form):
    severity = forms.ChoiceField(
        label=gettext_lazy("Severity of the nonconformity"),
        choices=SEVERITY_CHOICES,
        initial="minor",
    )
    process: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Process"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("The process the nonconformity concerns, if known."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, processes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes  # type: ignore[attr-defined]


class ComplaintEscalateView(TenantViewMixin, View):
    """Escalate a complaint to a nonconformity in one step (severity and process asked)."""

    model = Complaint
    template_name = "complaints/complaint_escalate.html"

    def get_object(self) -> Complaint:
        obj: Complaint = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        if not self.can("escalate", obj=obj):
            raise PermissionDenied
        return obj

    def _form(self, data: Any = None, obj: Complaint | None = None) -> EscalateForm:
        processes = process_list(user=self.request.user, organization=self.organization)
        initial = {"version": obj.version} if obj is not None else None
        return EscalateForm(data, initial=initial, processes=processes)

    def _render(self, obj: Complaint, form: EscalateForm, status: int = 200) -> HttpResponse:
        problem = rules.escalation_problem(
            status=obj.status,
            nonconformity_number=obj.nonconformity.number if obj.nonconformity else None,
        )
        context = {
            "object": obj,
            "form": form,
            "blocked": problem,
            "title": _("Escalate %(complaint)s to a nonconformity") % {"complaint": obj},
            "model_name": Complaint._meta.verbose_name,
            "cancel_url": obj.get_absolute_url(),
            "breadcrumbs": [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (_("Escalate"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self._render(obj, self._form(obj=obj))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self._form(request.POST)
        if not form.is_valid():
            return self._render(obj, form, status=400)
        try:
            nonconformity = services.complaint_escalate(
                actor=request.user,  # type: ignore[arg-type]
                instance=obj,
                severity=form.cleaned_data["severity"],
                process=form.cleaned_data.get("process"),
                version=form.cleaned_data.get("version"),
            )
        except Conflict as error:  # StaleVersion included
            form.add_error(None, error.message)
            fresh = get_object_or_404(self.scoped("view"), pk=obj.pk)
            if isinstance(error, StaleVersion):
                form.show_stored_version(error.current)
            return self._render(fresh, form, status=409)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render(obj, form, status=400)
        messages.success(
            request,
            _("%(complaint)s escalated to nonconformity %(number)s.")
            % {"complaint": obj.number, "number": nonconformity.number},
        )
        return HttpResponseRedirect(obj.get_absolute_url())
