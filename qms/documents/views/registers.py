"""The registers of the reading side, each a list page and a detail page linking back to its
document: the distribution register (which documents go to whom), the acknowledgements
(everyone's for managers and auditors, one's own for the other roles: the role matrix,
qms/documents/permissions.py) and the history of periodic reviews.

Declarations over core's generic views. Distribution lines are added and removed on the
document's page, acknowledgements are signed on "To read" and reviews recorded on the
document's review page: these registers are read-only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.permissions import role_choices
from qms.core.views.generic import ObjectDetailView
from qms.core.views.listing import ObjectListView

from ..models import Acknowledgement, Document
from ..selectors import reading as reading_selectors
from ..specs import ACKNOWLEDGEMENT, DISTRIBUTION, REVIEW


def _documents_crumbs(label: str, url: str | None) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Documents"), reverse("documents:document_list")),
        (label, url),
    ]


# --- Distribution --------------------------------------------------------------------------


def with_role_labels(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Distribution lines with `role_label`: the role's name ("Employee"), not its code."""
    labels = [When(role=value, then=Value(str(label))) for value, label in role_choices()]
    annotated: QuerySet[Any] = queryset.annotate(
        role_label=Case(*labels, default=F("role"), output_field=CharField())
    )
    return annotated


class DistributionListView(ObjectListView):
    """Every distribution line of the documents the user may see: document, and the role,
    person or process it goes to."""

    spec = DISTRIBUTION
    columns = DISTRIBUTION.columns
    title = "Distribution register"

    def get_queryset(self) -> QuerySet[Any]:
        return with_role_labels(self.scoped("view").select_related("document", "user", "process"))

    def default_sort(self) -> str:
        return "document__number"

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Document register"), reverse("documents:document_list"))]


class DistributionDetailView(ObjectDetailView):
    """One distribution line; it is removed from the document's page (or here, by whoever
    may change the document's distribution)."""

    spec = DISTRIBUTION
    template_name = "documents/registers/distribution_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related("document", "user", "process")
        return get_object_or_404(with_role_labels(queryset), pk=self.kwargs["pk"])

    def base_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return _documents_crumbs(_("Distribution register"), self.url_for("list"))

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["document"] = obj.document
        context["remove_url"] = (
            reverse("documents:distribution_remove", args=[obj.pk])
            if self.can("delete", obj=obj)
            else None
        )
        return context


# --- Acknowledgements ----------------------------------------------------------------------


def with_status_labels(queryset: QuerySet[Any], *, today: date) -> QuerySet[Any]:
    """Acknowledgements with `status_label`: read once signed, overdue when still pending
    after the due date, else pending (as `selectors.reading.acknowledgement_status`)."""
    labels = reading_selectors.STATUS_LABELS
    annotated: QuerySet[Any] = queryset.annotate(
        status_label=Case(
            When(acknowledged_at__isnull=False, then=Value(labels[reading_selectors.READ])),
            When(due_on__lt=today, then=Value(labels[reading_selectors.OVERDUE])),
            default=Value(labels[reading_selectors.PENDING]),
            output_field=CharField(),
        )
    )
    return annotated


class AcknowledgementListView(ObjectListView):
    """Acknowledgements asked for and given: pending ones of revisions in force and every
    signed one (the evidence); an acknowledgement no longer required (its revision was
    superseded or withdrawn before it was signed) is not listed."""

    spec = ACKNOWLEDGEMENT
    columns = ACKNOWLEDGEMENT.columns
    title = "Acknowledgements"

    def get_queryset(self) -> QuerySet[Any]:
        queryset = reading_selectors.acknowledgement_list(
            user=self.request.user, organization=self.organization
        )
        return with_status_labels(queryset, today=timezone.localdate())

    def default_sort(self) -> str:
        return "-requested_at"

    def extra_links(self) -> list[tuple[str, str]]:
        links = [(_("To read"), reverse("documents:to_read"))]
        if self.can("view", model=Acknowledgement):
            links.append((_("Reading matrix"), reverse("documents:reading_matrix")))
        return links


# --- Periodic reviews ----------------------------------------------------------------------


class DocumentReviewListView(ObjectListView):
    """The history of periodic reviews, newest first."""

    spec = REVIEW
    columns = REVIEW.columns
    title = "Periodic review history"

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped("view").select_related("document", "revision", "reviewer")

    def extra_links(self) -> list[tuple[str, str]]:
        links: list[tuple[str, str]] = []
        if self.can("view", model=Document):
            links.append((_("Due for review"), reverse("documents:review_due")))
        return links


class DocumentReviewDetailView(ObjectDetailView):
    """One periodic review as recorded: who, when, the outcome and the notes."""

    spec = REVIEW
    template_name = "documents/registers/review_detail.html"

    def base_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return _documents_crumbs(_("Periodic review history"), self.url_for("list"))

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["document"] = obj.document
        return context
