"""The registers of the reading side, each a list page and a detail page linking back to its
document: the distribution register (which documents go to whom), the acknowledgements
(everyone's for managers and auditors, one's own for the other roles: the role matrix,
qms/documents/permissions.py) and the history of periodic reviews.

Declarations over core's generic views. Distribution lines are added and removed on the
document's page, acknowledgements are signed on "To read" and reviews recorded on the
document's review page: these registers are read-only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

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


class DistributionListView(ObjectListView):
    """Every distribution line of the documents the user may see: document, and the role,
    person or process it goes to."""

    spec = DISTRIBUTION
    columns = DISTRIBUTION.columns
    title = "Distribution register"

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped("view").select_related("document", "user", "process")

    def default_sort(self) -> str:
        return "document__number"

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Document register"), reverse("documents:document_list"))]


class DistributionDetailView(ObjectDetailView):
    """One distribution line; it is removed from the document's page (or here, by whoever
    may change the document's distribution)."""

    spec = DISTRIBUTION
    template_name = "documents/registers/distribution_detail.html"

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


class AcknowledgementListView(ObjectListView):
    """Acknowledgements asked for and given: pending ones of revisions in force and every
    signed one (the evidence); an acknowledgement no longer required (its revision was
    superseded or withdrawn before it was signed) is not listed."""

    spec = ACKNOWLEDGEMENT
    columns = ACKNOWLEDGEMENT.columns
    title = "Acknowledgements"

    def get_queryset(self) -> QuerySet[Any]:
        return reading_selectors.acknowledgement_list(
            user=self.request.user, organization=self.organization
        )

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
