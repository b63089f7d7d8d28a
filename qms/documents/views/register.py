"""The document register: list (filters, full-text search, review badges), detail, create
and edit. Declarations over core's generic views, plus what the register shows beyond them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from qms.core.signatures import signatures_of
from qms.core.views.generic import ObjectCreateView, ObjectDetailView, ObjectUpdateView
from qms.core.views.listing import ObjectListView

from ..filtersets import DocumentFilterSet
from ..forms import DocumentForm
from ..models import Document
from ..selectors.register import clauses_for_documents, document_list, revisions_of
from ..services import documents as services
from ..specs import DOCUMENT


def clause_url(clause: Any) -> str | None:
    try:
        return str(clause.get_absolute_url())
    except NoReverseMatch:
        return None


class DocumentListView(ObjectListView):
    """The register: columns number, title, type, revision, status, owner, process, next
    review (with a due/overdue badge) and the linked clauses of the page (one query)."""

    model = Document
    filterset_class = DocumentFilterSet
    columns = DOCUMENT.columns
    template_name = "documents/document_list.html"
    partial_template_name = "documents/partials/_document_table.html"
    title = "Document register"

    def get_queryset(self) -> Any:
        # The selector's rows; the view applies the same FilterSet (and the export) itself.
        return document_list(user=self.request.user, organization=self.organization)

    def extra_links(self) -> list[tuple[str, str]]:
        links = []
        if self.can("view", model=self.model):
            links.append(("Revisions", reverse("documents:documentrevision_list")))
        from ..models import NumberingScheme

        if self.can("change", model=NumberingScheme):
            links.append(("Numbering schemes", reverse("documents:numberingscheme_list")))
        return links

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().get(request, *args, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            page = response.context_data["page"]
            linked = clauses_for_documents(page.object_list)
            today = timezone.localdate()
            for document in page.object_list:
                document.linked_clauses = linked.get(document.pk, [])
                document.review_badge = document.review_state(today)
        return response


class DocumentDetailView(ObjectDetailView):
    spec = DOCUMENT
    template_name = "documents/document_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related(
            "owner",
            "process",
            "current_revision",
            "current_revision__approved_by",
            "current_revision__file",
        )
        from django.shortcuts import get_object_or_404

        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        revisions = list(revisions_of(document=obj))
        current = obj.current_revision
        linked = clauses_for_documents([obj]).get(obj.pk, [])
        open_revision = next((r for r in revisions if r.status in ("draft", "in_review")), None)
        from ..models import DocumentRevision

        context.update(
            {
                "document": obj,
                "current": current,
                "latest": revisions[0] if revisions else None,
                "revisions": revisions,
                "open_revision": open_revision,
                "current_signatures": signatures_of(subject=current) if current else [],
                "linked_clauses": [(clause, clause_url(clause)) for clause in linked],
                "can_start_revision": (
                    obj.status == "active"
                    and open_revision is None
                    and self.can("add", model=DocumentRevision)
                ),
                "review_badge": obj.review_state(),
            }
        )
        return context


class DocumentCreateView(ObjectCreateView):
    spec = DOCUMENT
    form_class = DocumentForm
    create_service = staticmethod(services.document_create)


class DocumentUpdateView(ObjectUpdateView):
    spec = DOCUMENT
    form_class = DocumentForm
    update_service = staticmethod(services.document_update)

    def form_kwargs(self) -> dict[str, Any]:
        kwargs = super().form_kwargs()
        pk = self.kwargs.get("pk")
        if pk is not None:
            document = self.scoped("view").filter(pk=pk).first()
            if document is not None:
                kwargs["linked"] = clauses_for_documents([document]).get(document.pk, [])
        return kwargs
