"""API of the audit programme, under /api/v1/certification/:

- `programmes/`: list (filters client, status, kind, standard; each with its next due audit),
  create, retrieve (with its audits and the cycle's dates from the rules), PATCH notes,
  `set-decision` (D0: the cycle's audits are scheduled), `special-audits` (add one) and the
  "close" step as a transition;
- `audits/`: list (`?due_within=90&overdue=true`, programme, kind, status), retrieve, plan
  (PATCH or POST `plan`, checked against the date rules, the scope and the qualifications),
  the steps confirm / complete / cancel as transitions;
- `programme-dates/?decision_date=2025-03-10[&previous_expiry=]`: the due dates of a cycle
  with the acting organization's policy, the same JSON as `qms programme --json`.

Nothing is deleted: audits are cancelled, programmes closed, with a reason.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.serializers import BaseSerializer

from qms.core.api.lists import NOT_FILTERS
from qms.core.api.serializers import StrictSerializer, TenantPrimaryKeyRelatedField
from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import (
    IF_MATCH,
    TenantModelViewSet,
    TenantViewSetMixin,
    expected_version,
)
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer
from qms.standards.models import IafCode, StandardEdition

from ..choices import ProgrammeKind
from ..models import Application, CertAudit, CertificationProgramme, Client
from . import planning, rules, selectors, services
from .filtersets import CertAuditFilterSet, ProgrammeFilterSet
from .specs import CERT_AUDIT, PROGRAMME, PROGRAMME_EDIT_FIELDS

# --- Serializers -------------------------------------------------------------------------


class CertAuditSerializer(SpecReadSerializer):
    spec = CERT_AUDIT
    programme_number = serializers.CharField(source="programme.number", read_only=True)
    client_name = serializers.CharField(source="programme.client.legal_name", read_only=True)


CertAuditSerializer.Meta.list_fields = [
    "id",
    "programme",
    "programme_number",
    "client_name",
    "kind",
    "status",
    "due_from",
    "due_by",
    "start_date",
    "end_date",
    "lead_auditor",
    "version",
]


class CertAuditPlanSerializer(SpecWriteSerializer):
    """The plan of an audit; the fields not sent keep their stored values."""

    spec = CERT_AUDIT


class CertificationProgrammeSerializer(SpecReadSerializer):
    """A certification programme; the list row also carries its next open audit (`next_due_by`,
    `next_due_kind`); the detail its audits and the cycle's dates (`dates`, the keys of
    `qms programme --json`, null before the decision of a cycle that is not a transfer)."""

    spec = PROGRAMME
    client_name = serializers.CharField(source="client.legal_name", read_only=True)
    next_due_by = serializers.DateField(read_only=True, allow_null=True, default=None)
    next_due_kind = serializers.CharField(read_only=True, allow_null=True, default=None)
    audits = CertAuditSerializer(many=True, read_only=True)
    dates = serializers.SerializerMethodField()

    def get_dates(self, obj: CertificationProgramme) -> dict[str, Any] | None:
        organization = obj.organization_id
        policy = self.context.get("policy") or services.policy_of(organization)
        try:
            dates = planning.cycle_dates_of(
                kind=obj.kind,
                decision_date=obj.decision_date,
                previous_expiry=obj.previous_expiry,
                policy=policy,
            )
        except rules.ProgrammeRuleError:
            return None
        return dates.as_dict() if dates is not None else None


CertificationProgrammeSerializer.Meta.list_fields = [
    "id",
    "number",
    "client",
    "client_name",
    "kind",
    "status",
    "decision_date",
    "expiry",
    "next_due_by",
    "next_due_kind",
    "version",
]


class CertificationProgrammeCreateSerializer(StrictSerializer):
    client = TenantPrimaryKeyRelatedField(queryset=Client.objects.all())
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices)
    editions = serializers.PrimaryKeyRelatedField(
        queryset=StandardEdition.objects.all(), many=True, allow_empty=False
    )
    iaf_codes = serializers.PrimaryKeyRelatedField(
        queryset=IafCode.objects.all(), many=True, allow_empty=False
    )
    application = TenantPrimaryKeyRelatedField(
        queryset=Application.objects.all(), required=False, allow_null=True
    )
    previous_expiry = serializers.DateField(required=False, allow_null=True)
    stage1 = serializers.BooleanField(
        required=False, default=False, help_text="Repeat Stage 1 in a recertification cycle."
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CertificationProgrammeNotesSerializer(SpecWriteSerializer):
    """The programme's notes (the only field that changes after creation), and optionally
    the `version` the change is based on."""

    class Meta:
        model = CertificationProgramme
        fields = [*PROGRAMME_EDIT_FIELDS, "version"]


class ProgrammeDecisionSerializer(StrictSerializer):
    decision_date = serializers.DateField(help_text="D0: the cycle's dates are computed from it.")
    reason = serializers.CharField(max_length=2000, help_text="Who decided, on what basis.")
    version = serializers.IntegerField(required=False, min_value=1)


class ProgrammeSpecialAuditSerializer(StrictSerializer):
    purpose = serializers.CharField(max_length=2000)
    due_by = serializers.DateField(required=False, allow_null=True)


class ProgrammeDatesQuerySerializer(StrictSerializer):
    decision_date = serializers.DateField(help_text="D0, YYYY-MM-DD.")
    previous_expiry = serializers.DateField(
        required=False, allow_null=True, help_text="For a recertification cycle."
    )


# --- Viewsets ----------------------------------------------------------------------------


class ProgrammeViewSet(TransitionActionMixin, TenantModelViewSet):
    """Certification programmes (3-year cycles) of the body's clients."""

    spec = PROGRAMME
    serializer_class = CertificationProgrammeSerializer
    write_serializer_class = CertificationProgrammeNotesSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["number", "decision_date", "expiry", "created_at"]
    ordering = ["client__legal_name", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    update_service = staticmethod(services.programme_update)

    def get_queryset(self) -> QuerySet[Any]:
        scope = {"user": self.request.user, "organization": self.organization}
        if getattr(self, "action", None) == "list":
            return selectors.programme_list(**scope)
        audits = (
            CertAudit.objects.for_organization(self.organization)
            .select_related("programme__client")
            .prefetch_related("team", "sites")
            .order_by("due_by", "start_date", "id")
        )
        return selectors.programme_detail_queryset(**scope).prefetch_related(
            Prefetch("audits", queryset=audits)
        )

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if getattr(self, "action", None) == "create":
            return CertificationProgrammeCreateSerializer
        return super().get_serializer_class()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if getattr(self, "action", None) != "list" and getattr(self.request, "_request", None):
            context["policy"] = services.policy_of(self.organization)
        return context

    @extend_schema(
        request=CertificationProgrammeCreateSerializer,
        responses={201: CertificationProgrammeSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new programme with its first audits (Stage 1 and 2; the recertification audit;
        or a transfer's remaining schedule); refused outside the accredited scope unless
        the application is non-accredited."""
        serializer = CertificationProgrammeCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        programme = services.programme_create(actor=self.actor, **serializer.validated_data)
        return self._read(self.get_queryset().get(pk=programme.pk), status.HTTP_201_CREATED)

    @extend_schema(
        request=ProgrammeDecisionSerializer,
        responses={200: CertificationProgrammeSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="set-decision", permission_action="plan")
    def set_decision(self, request: Request, pk: str | None = None) -> Response:
        """Record the cycle's decision date: its expiry and surveillance 1, surveillance 2
        and recertification audits (with their due windows) are computed with the body's
        policy, and the programme is certified."""
        programme = self.get_object()
        serializer = ProgrammeDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.programme_set_decision(
            actor=self.actor,
            programme=programme,
            decision_date=data["decision_date"],
            reason=data["reason"],
            version=expected_version(request, data.get("version")),
        )
        return self._read(self.get_queryset().get(pk=programme.pk), status.HTTP_200_OK)

    @extend_schema(request=ProgrammeSpecialAuditSerializer, responses={201: CertAuditSerializer})
    @action(detail=True, methods=["post"], url_path="special-audits", permission_action="plan")
    def special_audits(self, request: Request, pk: str | None = None) -> Response:
        """Add a special audit (§9.6.4: scope extension, short notice, follow-up) with its
        purpose; it is then planned like any other audit."""
        programme = self.get_object()
        serializer = ProgrammeSpecialAuditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        audit = services.cert_audit_add_special(
            actor=self.actor,
            programme=programme,
            purpose=serializer.validated_data["purpose"],
            due_by=serializer.validated_data.get("due_by"),
        )
        return Response(CertAuditSerializer(audit).data, status=status.HTTP_201_CREATED)


class CertAuditViewSet(
    TransitionActionMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Certification audits. Planned by PATCH (or POST `plan`); never created here (a
    programme makes its audits; special ones through its `special-audits`) nor deleted
    (cancelled with a reason)."""

    queryset = CertAudit.objects.none()
    serializer_class = CertAuditSerializer
    filterset_class = CertAuditFilterSet
    ordering_fields = ["due_by", "start_date", "created_at"]
    ordering = ["due_by", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        scope = {"user": self.request.user, "organization": self.organization}
        if getattr(self, "action", None) == "list":
            return selectors.certaudit_queryset(**scope)
        return selectors.certaudit_detail_queryset(**scope)

    def _read(self, instance: CertAudit, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        response = Response(CertAuditSerializer(fresh).data, status=status_code)
        response["ETag"] = f'"{fresh.version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._read(self.get_object(), status.HTTP_200_OK)

    def _plan(self, request: Request) -> Response:
        audit = self.get_object()
        serializer = CertAuditPlanSerializer(
            audit, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = expected_version(request, data.pop("version", None))
        team = data["team"] if "team" in data else list(audit.team.all())
        sites = data["sites"] if "sites" in data else list(audit.sites.all())
        saved = services.cert_audit_plan(
            actor=self.actor,
            audit=audit,
            start_date=data.get("start_date", audit.start_date),
            end_date=data.get("end_date", audit.end_date),
            audit_days=data.get("audit_days", audit.audit_days),
            lead_auditor=data.get("lead_auditor", audit.lead_auditor),
            team=team,
            sites=sites,
            override_justification=data.get("override_justification", audit.override_justification),
            version=version,
        )
        return self._read(saved, status.HTTP_200_OK)

    @extend_schema(
        request=CertAuditPlanSerializer, responses={200: CertAuditSerializer}, parameters=[IF_MATCH]
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Plan the audit (the fields sent; the others keep their values): refused with the
        rule's message for a hard date rule, with a request for `override_justification`
        for a soft one, outside the accredited scope or for an unqualified auditor."""
        return self._plan(request)

    @extend_schema(
        request=CertAuditPlanSerializer, responses={200: CertAuditSerializer}, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"], url_path="plan", permission_action="change")
    def plan(self, request: Request, pk: str | None = None) -> Response:
        """The same as PATCH."""
        return self._plan(request)


class ProgrammeDatesViewSet(TenantViewSetMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The due dates of a certification cycle from its decision date, with the acting
    organization's programme policy: the JSON of `qms programme --json` (one calculation for
    the CLI, the pages and the API). Nothing is stored."""

    queryset = CertificationProgramme.objects.none()
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("decision_date", OpenApiTypes.DATE, required=True),
            OpenApiParameter("previous_expiry", OpenApiTypes.DATE, required=False),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The cycle's dates.")},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = {k: v for k, v in request.query_params.dict().items() if k not in NOT_FILTERS}
        serializer = ProgrammeDatesQuerySerializer(data=params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        policy = services.policy_of(self.organization)
        try:
            dates = rules.cycle_dates(
                decision_date=data["decision_date"],
                policy=policy,
                previous_expiry=data.get("previous_expiry"),
            )
            proposals = rules.proposed_audits(
                decision_date=data["decision_date"],
                policy=policy,
                previous_expiry=data.get("previous_expiry"),
            )
        except rules.ProgrammeRuleError as error:
            raise exceptions.ValidationError({"previous_expiry": [str(error)]}) from error
        return Response(
            {
                **dates.as_dict(),
                "proposed_audits": [proposal.as_dict() for proposal in proposals],
                "policy": policy.as_dict(),
            }
        )


def register(router: SimpleRouter) -> None:
    router.register("programmes", ProgrammeViewSet, basename="certification-certificationprogramme")
    router.register("audits", CertAuditViewSet, basename="certification-certaudit")
    router.register(
        "programme-dates", ProgrammeDatesViewSet, basename="certification-programme-dates"
    )
