"""API of decisions and certificates, under /api/v1/certification/:

- `decisions/`: list (status, kind, q), retrieve (with the technical review), create (open a
  decision for a programme), `review` (notes, audit-time justification; the checks again),
  `grant` (reasons, password, dates, scope, sites, IAF codes: the certificate issued, 201)
  and `refuse` (reasons, password);
- `certificates/`: list (status, standard, expiry range, q), retrieve (with revisions and
  history), `suspend`, `reissue`, `pdf` (`?lang=de`) and the declared steps restore,
  withdraw, cancel, expire as transitions (`transitions/{name}/`).

Bad input answers 400 with field errors; a refused step or decision 409 (nothing written).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from qms.core.api.serializers import StrictSerializer, TenantPrimaryKeyRelatedField
from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import IF_MATCH, TenantViewSetMixin, expected_version
from qms.core.specs import SpecReadSerializer
from qms.standards.models import IafCode

from ..choices import DecisionKind, SuspensionReason
from ..models import (
    CertAudit,
    Certificate,
    CertificateStatusChange,
    CertificationDecision,
    CertificationProgramme,
    ClientSite,
)
from . import history, pdf, selectors, services
from .filtersets import CertificateFilterSet, DecisionFilterSet
from .specs import CERTIFICATE, DECISION

# --- Serializers ----------------------------------------------------------------------------


class DecisionSerializer(SpecReadSerializer):
    """A certification decision with its technical review (`review.items`: key, label, ok,
    text, blocking)."""

    spec = DECISION
    programme_number = serializers.CharField(source="programme.number", read_only=True)
    client_name = serializers.CharField(source="programme.client.legal_name", read_only=True)


DecisionSerializer.Meta.list_fields = [
    "id",
    "number",
    "programme",
    "programme_number",
    "client_name",
    "kind",
    "status",
    "decided_on",
    "decided_by",
    "version",
]


class StatusChangeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    revision = serializers.IntegerField(source="certificate.revision", read_only=True)

    class Meta:
        model = CertificateStatusChange
        fields = ["id", "revision", "change", "from_status", "to_status", "on", "reason", "actor"]
        read_only_fields = fields


class CertificateSerializer(SpecReadSerializer):
    """A certificate revision; the detail also lists the number's revisions and history."""

    spec = CERTIFICATE
    client_name = serializers.CharField(source="client.legal_name", read_only=True)
    revisions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def get_revisions(self, obj: Certificate) -> list[dict[str, Any]]:
        return [
            {"id": r.pk, "revision": r.revision, "status": r.status}
            for r in selectors.revisions_of(obj)
        ]

    def get_history(self, obj: Certificate) -> list[dict[str, Any]]:
        return list(StatusChangeSerializer(selectors.history_of(obj), many=True).data)


CertificateSerializer.Meta.list_fields = [
    "id",
    "number",
    "revision",
    "client",
    "client_name",
    "status",
    "effective_date",
    "expiry_date",
    "version",
]


class DecisionOpenSerializer(StrictSerializer):
    programme = TenantPrimaryKeyRelatedField(queryset=CertificationProgramme.objects.all())
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    audits = TenantPrimaryKeyRelatedField(
        queryset=CertAudit.objects.all(), many=True, required=False
    )


class DecisionReviewSerializer(StrictSerializer):
    reviewer_notes = serializers.CharField(required=False, allow_blank=True)
    audit_time_justification = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class DecisionRefuseSerializer(StrictSerializer):
    reasons = serializers.CharField(max_length=4000)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)
    version = serializers.IntegerField(required=False, min_value=1)


class DecisionGrantSerializer(DecisionRefuseSerializer):
    decision_date = serializers.DateField(required=False, allow_null=True)
    effective_date = serializers.DateField(required=False, allow_null=True)
    scope = serializers.CharField(required=False, max_length=8000)
    sites = TenantPrimaryKeyRelatedField(
        queryset=ClientSite.objects.all(), many=True, required=False
    )
    iaf_codes = serializers.PrimaryKeyRelatedField(
        queryset=IafCode.objects.all(), many=True, required=False
    )


class SuspendSerializer(StrictSerializer):
    reason_code = serializers.ChoiceField(choices=SuspensionReason.choices)
    reason = serializers.CharField(max_length=4000)
    until = serializers.DateField(required=False, allow_null=True)
    justification = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, min_value=1)


class ReissueSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=4000)
    holder_name = serializers.CharField(required=False, max_length=255)
    holder_address = serializers.CharField(required=False)
    sites_text = serializers.CharField(required=False, allow_blank=True)
    confidential = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False, min_value=1)


# --- Viewsets ----------------------------------------------------------------------------------


class DecisionViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Certification decisions and their technical review."""

    queryset = CertificationDecision.objects.none()
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    ordering_fields = ["number", "decided_on", "created_at"]
    ordering = ["-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        scope = {"user": self.request.user, "organization": self.organization}
        if getattr(self, "action", None) == "list":
            return selectors.decision_list(**scope)
        return selectors.decision_detail_queryset(**scope)

    def _read(self, instance: Any, code: int) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        response = Response(DecisionSerializer(fresh).data, status=code)
        response["ETag"] = f'"{fresh.version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._read(self.get_object(), status.HTTP_200_OK)

    @extend_schema(request=DecisionOpenSerializer, responses={201: DecisionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open a decision for a programme (without `audits`: the done audits a decision of
        this kind rests on); its technical review is computed at once."""
        serializer = DecisionOpenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = services.decision_open(
            actor=self.actor,
            programme=data["programme"],
            kind=data["kind"],
            audits=data.get("audits") or None,
        )
        return self._read(decision, status.HTTP_201_CREATED)

    @extend_schema(
        request=DecisionReviewSerializer, responses={200: DecisionSerializer}, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"], permission_action="review")
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Record the technical review's notes and justification; the checks run again."""
        decision = self.get_object()
        serializer = DecisionReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.decision_review(
            actor=self.actor,
            decision=decision,
            reviewer_notes=data.get("reviewer_notes"),
            audit_time_justification=data.get("audit_time_justification"),
            version=expected_version(request, data.get("version")),
        )
        return self._read(saved, status.HTTP_200_OK)

    @extend_schema(request=DecisionGrantSerializer, responses={201: CertificateSerializer})
    @action(detail=True, methods=["post"], permission_action="decide")
    def grant(self, request: Request, pk: str | None = None) -> Response:
        """Grant certification (signed): refused (409) with every reason when the
        decision-maker was on an audit team, a major is not verified, a minor has no
        accepted plan, majors were verified too late, or the scope is outside the
        accreditation; the certificate issued."""
        decision = self.get_object()
        serializer = DecisionGrantSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        certificate = services.decision_grant(
            actor=self.actor,
            decision=decision,
            reasons=data["reasons"],
            password=data["password"],
            decision_date=data.get("decision_date"),
            effective_date=data.get("effective_date"),
            scope=data.get("scope"),
            sites=data.get("sites"),
            iaf_codes=data.get("iaf_codes"),
            version=expected_version(request, data.get("version")),
        )
        fresh = selectors.certificate_detail_queryset(
            user=request.user, organization=self.organization
        ).get(pk=certificate.pk)
        return Response(CertificateSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionRefuseSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"], permission_action="decide")
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        """Refuse certification with reasons (signed)."""
        decision = self.get_object()
        serializer = DecisionRefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.decision_refuse(
            actor=self.actor,
            decision=decision,
            reasons=data["reasons"],
            password=data["password"],
            version=expected_version(request, data.get("version")),
        )
        return self._read(saved, status.HTTP_200_OK)


class CertificateViewSet(
    TransitionActionMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Certificates (one row per revision); never created or deleted here."""

    queryset = Certificate.objects.none()
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["number", "expiry_date", "effective_date", "created_at"]
    ordering = ["-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        scope = {"user": self.request.user, "organization": self.organization}
        if getattr(self, "action", None) == "list":
            return selectors.certificate_list(**scope)
        return selectors.certificate_detail_queryset(**scope)

    def _read(self, instance: Any, code: int) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        response = Response(CertificateSerializer(fresh).data, status=code)
        response["ETag"] = f'"{fresh.version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._read(self.get_object(), status.HTTP_200_OK)

    @extend_schema(
        request=SuspendSerializer, responses={200: CertificateSerializer}, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"], permission_action="suspend")
    def suspend(self, request: Request, pk: str | None = None) -> Response:
        """Suspend (R1, R2, R3 or contract, with the reason in words and a deadline; longer
        than the body's maximum only with a justification)."""
        certificate = self.get_object()
        serializer = SuspendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.certificate_suspend(
            actor=self.actor,
            certificate=certificate,
            reason_code=data["reason_code"],
            reason=data["reason"],
            until=data.get("until"),
            justification=data.get("justification") or "",
            version=expected_version(request, data.get("version")),
        )
        return self._read(saved, status.HTTP_200_OK)

    @extend_schema(request=ReissueSerializer, responses={201: CertificateSerializer})
    @action(detail=True, methods=["post"], permission_action="supersede")
    def reissue(self, request: Request, pk: str | None = None) -> Response:
        """A corrected revision (holder, address, sites as printed, confidentiality)."""
        certificate = self.get_object()
        serializer = ReissueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason")
        version = expected_version(request, data.pop("version", None))
        new = services.certificate_reissue(
            actor=self.actor, certificate=certificate, reason=reason, data=data, version=version
        )
        return self._read(new, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("lang", OpenApiTypes.STR, enum=list(pdf.LANGUAGES))],
        responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="application/pdf")},
    )
    @action(detail=True, methods=["get"], permission_action="view")
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The certificate as PDF (`?lang=de` in German)."""
        certificate = self.get_object()
        return pdf.certificate_response(
            certificate, language=request.query_params.get("lang", "en")
        )


def register(router: SimpleRouter) -> None:
    router.register("decisions", DecisionViewSet, basename="certification-certificationdecision")
    router.register("certificates", CertificateViewSet, basename="certification-certificate")
    history.register(router)
