"""API of the context of the organization. Nothing is deleted: issues and parties are
retired through their transition action, requirements get the status "no longer relevant",
climate decisions are superseded by a newer one."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet

from .. import services
from ..filtersets import IssueFilterSet, PartyFilterSet, RequirementFilterSet
from ..models import InterestedParty
from ..specs import CLIMATE, ISSUE, PARTY, REQUIREMENT, SCOPE
from .serializers import (
    ClimateDecideSerializer,
    ClimateDecisionSerializer,
    IssueSerializer,
    IssueWriteSerializer,
    PartySerializer,
    PartyWriteSerializer,
    PublishedSerializer,
    PublishSerializer,
    RequirementCreateSerializer,
    RequirementSerializer,
    RequirementWriteSerializer,
    ScopeSerializer,
    ScopeWriteSerializer,
)

_NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class IssueViewSet(TransitionActionMixin, TenantModelViewSet):
    """Internal and external issues (4.1); review, retire and reinstate are transitions."""

    spec = ISSUE
    select_related = ("owner",)
    serializer_class = IssueSerializer
    write_serializer_class = IssueWriteSerializer
    filterset_class = IssueFilterSet
    ordering_fields = ["title", "next_review_on", "created_at"]
    ordering = ["title", "id"]
    http_method_names = _NO_DELETE
    create_service = staticmethod(services.issue_create)
    update_service = staticmethod(services.issue_update)


class PartyViewSet(TransitionActionMixin, TenantModelViewSet):
    """Interested parties (4.2); review, retire and reinstate are transitions."""

    spec = PARTY
    select_related = ("owner",)
    serializer_class = PartySerializer
    write_serializer_class = PartyWriteSerializer
    filterset_class = PartyFilterSet
    ordering_fields = ["name", "next_review_on", "created_at"]
    ordering = ["name", "id"]
    http_method_names = _NO_DELETE
    create_service = staticmethod(services.party_create)
    update_service = staticmethod(services.party_update)


class RequirementViewSet(TenantModelViewSet):
    """The relevant requirements of interested parties; create names the `party`."""

    spec = REQUIREMENT
    select_related = ("party",)
    serializer_class = RequirementSerializer
    write_serializer_class = RequirementWriteSerializer
    filterset_class = RequirementFilterSet
    ordering_fields = ["created_at", "status"]
    ordering = ["party", "id"]
    http_method_names = _NO_DELETE

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return RequirementCreateSerializer
        return super().get_serializer_class()

    def create_service(self, *, actor: Any, organization: Any, data: Any) -> Any:
        values = dict(data)
        party = (
            InterestedParty.objects.for_user(actor, "view", organization=organization)
            .filter(pk=values.pop("party"))
            .first()
        )
        if party is None:
            raise exceptions.ValidationError({"party": ["Choose one of your interested parties."]})
        return services.requirement_create(actor=actor, party=party, data=values)

    update_service = staticmethod(services.requirement_update)


class ClimateDecisionViewSet(TenantModelViewSet):
    """Decisions on whether climate change is a relevant issue (Amd 1:2024): the newest is
    current. POST records a new one, signed with the caller's password (409 when refused)."""

    spec = CLIMATE
    select_related = ("decided_by",)
    serializer_class = ClimateDecisionSerializer
    write_serializer_class = ClimateDecideSerializer
    ordering_fields = ["decided_on", "created_at"]
    ordering = ["-decided_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=ClimateDecideSerializer, responses={201: ClimateDecisionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ClimateDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        password = data.pop("password")
        decision = services.climate_decide(
            actor=self.actor, organization=self.organization, data=data, password=password
        )
        return self._read(decision, status.HTTP_201_CREATED)


class ScopeViewSet(TenantModelViewSet):
    """The scope of the QMS (4.3): one per organization. Exclusions are the standards
    library's "not applicable" marks (`/standards/applicability/`), not stored here."""

    spec = SCOPE
    serializer_class = ScopeSerializer
    write_serializer_class = ScopeWriteSerializer
    ordering_fields = ["created_at"]
    ordering = ["id"]
    http_method_names = _NO_DELETE
    create_service = staticmethod(services.scope_create)
    update_service = staticmethod(services.scope_update)

    @extend_schema(request=PublishSerializer, responses={201: PublishedSerializer})
    @action(detail=True, methods=["post"], url_path="publish", permission_action="publish")
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Generate the context and scope PDF and put it into the document register as the
        file of a draft revision (409 while a revision is in review)."""
        scope = self.get_object()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revision = services.context_document_publish(
            actor=self.actor,
            organization=scope.organization,
            change_summary=serializer.validated_data["change_summary"],
        )
        body = {
            "document_id": revision.document_id,
            "document_number": revision.document.number,
            "revision_id": revision.pk,
            "revision_number": revision.number,
        }
        return Response(body, status=status.HTTP_201_CREATED)
