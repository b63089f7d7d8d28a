"""API of the standards library under /api/v1/standards/."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.lists import FastListMixin
from qms.core.api.permissions import TenantPermission
from qms.core.api.serializers import ErrorSerializer
from qms.core.api.viewsets import TenantModelViewSet, TenantViewSetMixin
from qms.core.querysets import TenantQuerySet

from .. import selectors, services
from ..filtersets import ClauseFilterSet, EditionFilterSet, EvidenceFilterSet
from ..models import (
    AuditTimeTable,
    Clause,
    ClauseApplicability,
    ClauseEvidence,
    IafCode,
    TransitionRule,
)
from ..specs import ORGANIZATION_STANDARD
from .serializers import (
    ApplicabilitySerializer,
    ApplicabilityWriteSerializer,
    AuditTimeTableSerializer,
    ClauseSerializer,
    EditionSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    IafCodeSerializer,
    OrganizationStandardSerializer,
    OrganizationStandardWriteSerializer,
    StandardSerializer,
    TransitionDiffSerializer,
    TransitionRuleSerializer,
)


class LibraryPermission(TenantPermission):
    """The library is reference data every member reads: the role needs `view` on the
    model; its objects belong to no organization, so there is no per-object check."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return request.method in ("GET", "HEAD", "OPTIONS")


class LibraryViewSet(FastListMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    permission_classes = [LibraryPermission]
    permission_action: str | None = None  # set per route by @action(permission_action=...)


class StandardViewSet(LibraryViewSet):
    queryset = selectors.standard_list().order_by("code")
    serializer_class = StandardSerializer
    ordering_fields = ["code"]


class EditionViewSet(LibraryViewSet):
    queryset = selectors.edition_list().order_by("standard__code", "edition")
    serializer_class = EditionSerializer
    filterset_class = EditionFilterSet
    ordering_fields = ["edition", "published_on"]


class ClauseViewSet(LibraryViewSet):
    """Clauses and Annex A controls; filter by `edition`, `edition_urn`, `number`, `kind`, `q`."""

    queryset = Clause.objects.select_related("hs_core_ref").order_by("edition", "sort_key")
    serializer_class = ClauseSerializer
    filterset_class = ClauseFilterSet
    ordering_fields = ["sort_key"]


class TransitionViewSet(LibraryViewSet):
    """Edition transition rules, and what changes for the organization (`diff`)."""

    queryset = TransitionRule.objects.order_by("id")
    serializer_class = TransitionRuleSerializer

    @extend_schema(responses=TransitionDiffSerializer)
    @action(detail=True, methods=["get"], permission_action="view")
    def diff(self, request: Request, pk: str | None = None) -> Response:
        rule = self.get_object()
        diff = selectors.edition_transition(
            organization=request._request.organization,  # type: ignore[attr-defined]
            old=rule.old_edition,
            new=rule.new_edition,
        )
        return Response(TransitionDiffSerializer.from_diff(diff))


class IafCodeViewSet(LibraryViewSet):
    """The IAF (EA) sector codes of accreditation scopes (IAF ID 1), with NACE Rev. 2 codes."""

    queryset = IafCode.objects.order_by("position", "code")
    serializer_class = IafCodeSerializer
    ordering_fields = ["position", "code"]


class AuditTimeTableViewSet(LibraryViewSet):
    """Audit-time tables (IAF MD 5 QMS 1, EMS 1, OH&SMS 1), one row per loaded version."""

    queryset = AuditTimeTable.objects.order_by("name", "-valid_from", "id")
    serializer_class = AuditTimeTableSerializer
    ordering_fields = ["name", "valid_from"]


class OrganizationStandardViewSet(TenantModelViewSet):
    spec = ORGANIZATION_STANDARD
    select_related = ("edition__standard",)
    serializer_class = OrganizationStandardSerializer
    write_serializer_class = OrganizationStandardWriteSerializer
    ordering_fields = ["id", "adopted_on"]
    ordering = ["id"]
    create_service = staticmethod(services.organization_standard_adopt)
    update_service = staticmethod(services.organization_standard_update)
    delete_service = staticmethod(services.organization_standard_remove)


class _TenantList(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    pass


class ApplicabilityViewSet(_TenantList):
    """Clauses declared not applicable (the Statement of Applicability for Annex A).

    POST {clause, applicable: false, justification} declares one; {applicable: true} (or
    DELETE) makes it applicable again."""

    queryset = ClauseApplicability.objects.none()
    serializer_class = ApplicabilitySerializer
    ordering = ["id"]

    @extend_schema(
        request=ApplicabilityWriteSerializer,
        responses={201: ApplicabilitySerializer, 204: None},
    )
    def create(self, request: Request) -> Response:
        serializer = ApplicabilityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = services.clause_applicability_set(
            actor=self.actor,
            organization=self.organization,
            clause=data["clause"],
            applicable=data["applicable"],
            justification=data["justification"],
        )
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ApplicabilitySerializer(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        row = self.get_object()
        services.clause_applicability_set(
            actor=self.actor, organization=self.organization, clause=row.clause, applicable=True
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceViewSet(_TenantList):
    """Records linked to clauses as evidence; filter by `clause`, `subject_type` +
    `subject_id`, `reviewed`. Linking needs the right to change the linked record."""

    queryset = ClauseEvidence.objects.none()
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    ordering = ["id"]

    @extend_schema(
        request=EvidenceWriteSerializer,
        responses={
            201: EvidenceSerializer,
            # the subject is not a record of this organization (as any other id)
            404: ErrorSerializer,
        },
    )
    def create(self, request: Request) -> Response:
        serializer = EvidenceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subject = self._subject(data["subject_type"], data["subject_id"])
        evidence = services.evidence_link(
            actor=self.actor,
            subject=subject,
            clause=data["clause"],
            note=data["note"],
            organization=self.organization,
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    def _subject(self, subject_type: str, subject_id: int) -> Any:
        try:
            model = apps.get_model(subject_type)
            model._meta.get_field("organization")
        except (LookupError, ValueError, FieldDoesNotExist):
            raise exceptions.ValidationError(
                {
                    "subject_type": [
                        "Name an organization's record type, e.g. organizations.process."
                    ]
                }
            ) from None
        queryset = model._default_manager.all()
        if not isinstance(queryset, TenantQuerySet):
            raise exceptions.ValidationError({"subject_type": ["Not an organization's record."]})
        subject = (
            queryset.for_user(self.actor, "view", organization=self.organization)
            .filter(pk=subject_id)
            .first()
        )
        if subject is None:
            raise exceptions.NotFound("No such record in this organization.")
        return subject

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.evidence_unlink(actor=self.actor, evidence=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"], permission_action="review")
    def review(self, request: Request, pk: str | None = None) -> Response:
        evidence = services.evidence_review(actor=self.actor, evidence=self.get_object())
        return Response(EvidenceSerializer(evidence).data)
