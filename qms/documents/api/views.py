"""API of the register: documents, revisions (with their workflow steps, review signing,
file upload and diff) and numbering schemes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet

from ..filtersets import DocumentFilterSet, NumberingSchemeFilterSet, RevisionFilterSet
from ..models import DocumentRevision
from ..selectors.register import diff_counts, document_list, revision_diff
from ..services import documents as document_services
from ..services import numbering as numbering_services
from ..services import revisions as revision_services
from ..specs import DOCUMENT, NUMBERING_SCHEME, REVISION
from .serializers import (
    DocumentSerializer,
    DocumentWriteSerializer,
    NumberingSchemeSerializer,
    NumberingSchemeWriteSerializer,
    RevisionCreateSerializer,
    RevisionDiffSerializer,
    RevisionFileSerializer,
    RevisionSerializer,
    RevisionWriteSerializer,
    SignReviewSerializer,
)


class NumberingSchemeViewSet(TenantModelViewSet):
    """How each document type is numbered (managers change them)."""

    spec = NUMBERING_SCHEME
    serializer_class = NumberingSchemeSerializer
    write_serializer_class = NumberingSchemeWriteSerializer
    filterset_class = NumberingSchemeFilterSet
    ordering_fields = ["document_type", "created_at"]
    ordering = ["document_type"]
    create_service = staticmethod(numbering_services.numbering_scheme_create)
    update_service = staticmethod(numbering_services.numbering_scheme_update)
    delete_service = staticmethod(numbering_services.numbering_scheme_delete)


class DocumentViewSet(TransitionActionMixin, TenantModelViewSet):
    """The document register. `q` searches number, title and the effective (or latest)
    revision's text; documents are never deleted (make obsolete, dispose of records)."""

    spec = DOCUMENT
    select_related = ("owner", "process", "current_revision")
    serializer_class = DocumentSerializer
    write_serializer_class = DocumentWriteSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["number", "title", "next_review_on", "created_at"]
    ordering = ["number"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(document_services.document_create)
    update_service = staticmethod(document_services.document_update)

    def get_queryset(self) -> Any:
        return document_list(user=self.request.user, organization=self.organization)


class RevisionViewSet(TransitionActionMixin, TenantModelViewSet):
    """Revisions of documents (filter `document=<id>`). Creating one starts the document's
    next draft; only a draft is edited; the workflow steps (submit, request_changes,
    approve, …) are the transitions action."""

    spec = REVISION
    select_related = ("document", "author")
    serializer_class = RevisionSerializer
    write_serializer_class = RevisionWriteSerializer
    filterset_class = RevisionFilterSet
    ordering_fields = ["number", "created_at"]
    ordering = ["document__number", "-number"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    update_service = staticmethod(revision_services.revision_update)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return RevisionCreateSerializer
        return super().get_serializer_class()

    @extend_schema(request=RevisionCreateSerializer, responses={201: RevisionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RevisionCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("document")
        revision = revision_services.revision_create(actor=self.actor, document=document, data=data)
        return self._read(revision, status.HTTP_201_CREATED)

    @extend_schema(request=SignReviewSerializer, responses={200: RevisionSerializer})
    @action(detail=True, methods=["post"], url_path="sign-review", permission_action="sign_review")
    def sign_review(self, request: Request, pk: str | None = None) -> Response:
        """An assigned reviewer signs "reviewed" (password re-entered). 409 when refused
        (not in review, not a reviewer, wrong password); nothing changes then."""
        revision = self.get_object()
        serializer = SignReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revision_services.revision_sign_review(
            actor=self.actor, revision=revision, password=serializer.validated_data["password"]
        )
        return self._read(self.get_object(), status.HTTP_200_OK)

    @extend_schema(request=RevisionFileSerializer, responses={200: RevisionSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="file",
        permission_action="change",
        parser_classes=[MultiPartParser, FormParser],
    )
    def file(self, request: Request, pk: str | None = None) -> Response:
        """Upload the draft revision's content as a file (multipart, field `file`)."""
        revision = self.get_object()
        serializer = RevisionFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revision = revision_services.revision_attach_file(
            actor=self.actor, revision=revision, upload=serializer.validated_data["file"]
        )
        return self._read(revision, status.HTTP_200_OK)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "against",
                int,
                OpenApiParameter.QUERY,
                required=True,
                description="The number of the other revision of the same document.",
            )
        ],
        responses={200: RevisionDiffSerializer},
    )
    @action(detail=True, methods=["get"], url_path="diff", permission_action="view")
    def diff(self, request: Request, pk: str | None = None) -> Response:
        """The text of this revision against another revision of the same document."""
        revision: DocumentRevision = self.get_object()
        raw = request.query_params.get("against", "")
        if not raw.isdigit():
            raise exceptions.ValidationError({"against": ["Give the other revision's number."]})
        other = (
            self.get_queryset().filter(document_id=revision.document_id, number=int(raw)).first()
        )
        if other is None:
            raise exceptions.NotFound("The document has no revision with that number.")
        old, new = (other, revision) if other.number < revision.number else (revision, other)
        lines = revision_diff(old=old, new=new)
        payload = {
            "old": old.number,
            "new": new.number,
            **diff_counts(lines),
            "lines": [
                {
                    "kind": line.kind,
                    "marker": line.marker,
                    "text": line.text,
                    "old_number": line.old_number,
                    "new_number": line.new_number,
                }
                for line in lines
            ],
        }
        return Response(RevisionDiffSerializer(payload).data)
