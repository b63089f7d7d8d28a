"""The nonconformity register: list (filters, full-text search, export), detail, report and
edit. Declarations over core's generic views, plus what the register shows beyond them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from qms.core.export import csv_response, xlsx_response
from qms.core.tables import export_rows
from qms.core.views.generic import ObjectCreateView, ObjectDetailView, ObjectUpdateView
from qms.core.views.listing import ObjectListView
from qms.standards.selectors import clauses_for_subject

from .. import services
from ..filtersets import NonconformityFilterSet
from ..forms import NonconformityForm
from ..models import Nonconformity
from ..selectors import checks_of, nonconformity_list, recurrence_months, recurrence_of
from ..specs import EXPORT_COLUMNS, NONCONFORMITY


def clause_url(clause: Any) -> str | None:
    try:
        return str(clause.get_absolute_url())
    except NoReverseMatch:
        return None


class NonconformityListView(ObjectListView):
    """The register: number, title, severity, status, process, owner and age (days since it
    was detected, until it was closed)."""

    model = Nonconformity
    filterset_class = NonconformityFilterSet
    columns = NONCONFORMITY.columns
    template_name = "nonconformities/nonconformity_list.html"
    partial_template_name = "nonconformities/partials/_nonconformity_table.html"
    title = "Nonconformity register"

    def get_queryset(self) -> Any:
        return nonconformity_list(user=self.request.user, organization=self.organization)

    def export(self, queryset: Any, kind: str) -> HttpResponseBase:
        """The filtered register with the columns an analysis needs (EXPORT_COLUMNS)."""
        header = [column.header(self.model) for column in EXPORT_COLUMNS]
        rows = export_rows(
            queryset.select_related("reported_by", "risk").iterator(chunk_size=1000),
            EXPORT_COLUMNS,
        )
        if kind == "csv":
            return csv_response("nonconformities", header, rows)
        return xlsx_response("nonconformities", header, rows)

    def extra_links(self) -> list[tuple[str, str]]:
        return [("Effectiveness checks", reverse("nonconformities:effectivenesscheck_list"))]


class NonconformityDetailView(ObjectDetailView):
    spec = NONCONFORMITY
    template_name = "nonconformities/nonconformity_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related(
            "owner", "process", "process__owner", "reported_by", "closed_by", "risk"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        linked = clauses_for_subject(subject=obj)
        history = context.pop("history", None) or []
        context.update(
            {
                "nc_history": history,
                "nc_history_key": history_fragment_key(history),
                "nonconformity": obj,
                "recurrence": recurrence_of(nonconformity=obj, months=recurrence_months()),
                "checks": checks_of(nonconformity=obj),
                "linked_clauses": [(clause, clause_url(clause)) for clause in linked],
                "pdf_url": reverse("nonconformities:nonconformity_pdf", args=[obj.pk]),
                "delete_url": None,  # closed and reopened, never deleted
            }
        )
        return context


class NonconformityCreateView(ObjectCreateView):
    spec = NONCONFORMITY
    form_class = NonconformityForm
    create_service = staticmethod(services.nonconformity_create)


class NonconformityUpdateView(ObjectUpdateView):
    spec = NONCONFORMITY
    form_class = NonconformityForm
    update_service = staticmethod(services.nonconformity_update)

    def form_kwargs(self) -> dict[str, Any]:
        kwargs = super().form_kwargs()
        pk = self.kwargs.get("pk")
        if pk is not None:
            nonconformity = self.scoped("view").filter(pk=pk).first()
            if nonconformity is not None:
                kwargs["linked"] = clauses_for_subject(subject=nonconformity)
        return kwargs


def history_fragment_key(history: Sequence[Any]) -> str:
    """The cache key of the rendered history (the page's costliest fragment after the
    panels): its events are never changed, so their ids and chain hashes, the actors as
    shown (a renamed person shows as they are now), the language and the time zone decide
    every byte of it. Any write to the NC adds an event, hence a new key."""
    digest = hashlib.sha256()
    for event in history:
        digest.update(f"{event.pk}:{event.hash}:{event.actor_display}\n".encode())
    digest.update(f"{translation.get_language()}:{timezone.get_current_timezone_name()}".encode())
    return digest.hexdigest()
