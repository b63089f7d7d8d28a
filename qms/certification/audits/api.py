"""API of an audit's work, under /api/v1/certification/:

- `audit-team-members/` (`?audit=`): list, retrieve, create (the competence and
  independence checks; 400 naming the standard, code or date), `remove` (reason),
  `declare` (conflict-of-interest declaration);
- `audit-plans/` (`?audit=`): list, retrieve, create or PATCH (objectives, scope, criteria,
  notes), `send` (the next version, `change_note` from the second on);
- `audit-plan-slots/` (`?plan=`): list, retrieve, create, PATCH, `remove`;
- `audit-plan-versions/` (`?plan=`): list, retrieve, `pdf`;
- `audit-checklist-items/` (`?audit=`): list, retrieve, PATCH (result, notes, site),
  `generate` (`{"audit": id}`);
- `audit-findings/` (`?audit=`): list, retrieve, create (raise), PATCH (before an answer);
- `audit-conclusions/`: POST `{"audit": id, ...}` (lead auditor or certification manager).

Another organization's records answer 404; bad input 400 with field errors; a state that
refuses the write (cancelled, concluded) 409.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from qms.accounts.models import User
from qms.core.api.serializers import StrictSerializer, TenantPrimaryKeyRelatedField
from qms.core.api.viewsets import TenantViewSetMixin, expected_version
from qms.core.filtersets import IdFilter
from qms.standards.models import Clause

from ..choices import ChecklistResult, FindingGrade, Recommendation, Stage1Conclusion, TeamRole
from ..models import (
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
    CertFinding,
    ClientSite,
)
from . import services
from .plan_pdf import plan_issue_pdf

# --- Serializers -------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    person_name = serializers.CharField(source="person.__str__", read_only=True)

    class Meta:
        model = AuditTeamMember
        fields = [
            "id",
            "audit",
            "person",
            "person_name",
            "role",
            "competence",
            "competence_checked_on",
            "declaration",
            "has_conflict",
            "declared_at",
            "version",
        ]
        read_only_fields = fields


class MemberCreateSerializer(StrictSerializer):
    audit = TenantPrimaryKeyRelatedField(queryset=CertAudit.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    role = serializers.ChoiceField(choices=TeamRole.choices)
    declaration = serializers.CharField(required=False, allow_blank=True, default="")
    has_conflict = serializers.BooleanField(required=False, default=False)


class MemberRemovalSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class DeclareSerializer(StrictSerializer):
    declaration = serializers.CharField(max_length=4000)
    has_conflict = serializers.BooleanField(required=False, default=False)


class SlotSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = AuditPlanSlot
        fields = [
            "id",
            "plan",
            "day",
            "starts",
            "ends",
            "site",
            "activity",
            "processes",
            "clauses",
            "auditor",
            "remote",
            "version",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    slots = SlotSerializer(many=True, read_only=True)

    class Meta:
        model = AuditPlan
        fields = [
            "id",
            "audit",
            "objectives",
            "scope",
            "criteria",
            "notes",
            "status",
            "issued_version",
            "changed_since_sent",
            "slots",
            "version",
        ]
        read_only_fields = fields


class PlanWriteSerializer(StrictSerializer):
    audit = TenantPrimaryKeyRelatedField(queryset=CertAudit.objects.all(), required=False)
    objectives = serializers.CharField(required=False, allow_blank=True)
    scope = serializers.CharField(required=False, allow_blank=True)
    criteria = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class SendSerializer(StrictSerializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


class SlotWriteSerializer(StrictSerializer):
    plan = TenantPrimaryKeyRelatedField(queryset=AuditPlan.objects.all(), required=False)
    day = serializers.DateField(required=False)
    starts = serializers.TimeField(required=False)
    ends = serializers.TimeField(required=False)
    site = TenantPrimaryKeyRelatedField(
        queryset=ClientSite.objects.all(), required=False, allow_null=True
    )
    activity = serializers.CharField(required=False, max_length=200)
    processes = serializers.CharField(required=False, allow_blank=True, max_length=300)
    clauses = serializers.PrimaryKeyRelatedField(
        queryset=Clause.objects.all(), many=True, required=False
    )
    auditor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    remote = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False, min_value=1)


class PlanIssueSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = AuditPlanIssue
        fields = ["id", "plan", "version", "sent_at", "sent_by", "change_note", "snapshot"]
        read_only_fields = fields


class CertChecklistItemSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    clause_number = serializers.CharField(source="clause.number", read_only=True)

    class Meta:
        model = CertChecklistItem
        fields = [
            "id",
            "audit",
            "clause",
            "clause_number",
            "result",
            "notes",
            "site",
            "checked_by",
            "checked_at",
            "version",
        ]
        read_only_fields = fields


class ChecklistWriteSerializer(StrictSerializer):
    result = serializers.ChoiceField(choices=ChecklistResult.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    site = TenantPrimaryKeyRelatedField(
        queryset=ClientSite.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(required=False, min_value=1)


class GenerateSerializer(StrictSerializer):
    audit = TenantPrimaryKeyRelatedField(queryset=CertAudit.objects.all())


class CertFindingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CertFinding
        fields = [
            "id",
            "audit",
            "number",
            "grade",
            "status",
            "clause",
            "site",
            "checklist_item",
            "statement",
            "objective_evidence",
            "requirement",
            "raised_by",
            "respond_by",
            "verify_by",
            "verified_on",
            "client_nc_number",
            "client_nc_closed_on",
            "version",
        ]
        read_only_fields = fields


class FindingWriteSerializer(StrictSerializer):
    audit = TenantPrimaryKeyRelatedField(queryset=CertAudit.objects.all(), required=False)
    grade = serializers.ChoiceField(choices=FindingGrade.choices, required=False)
    statement = serializers.CharField(required=False)
    objective_evidence = serializers.CharField(required=False, allow_blank=True)
    requirement = serializers.CharField(required=False, allow_blank=True)
    clause = serializers.PrimaryKeyRelatedField(
        queryset=Clause.objects.all(), required=False, allow_null=True
    )
    site = TenantPrimaryKeyRelatedField(
        queryset=ClientSite.objects.all(), required=False, allow_null=True
    )
    checklist_item = TenantPrimaryKeyRelatedField(
        queryset=CertChecklistItem.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(required=False, min_value=1)


class ConclusionSerializer(StrictSerializer):
    audit = TenantPrimaryKeyRelatedField(queryset=CertAudit.objects.all())
    stage1_conclusion = serializers.ChoiceField(
        choices=Stage1Conclusion.choices, required=False, allow_blank=True
    )
    issues_to_fix = serializers.CharField(required=False, allow_blank=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, allow_blank=True
    )
    days_spent = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    time_difference_reason = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class ConclusionReadSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CertAudit
        fields = [
            "id",
            "kind",
            "status",
            "stage1_conclusion",
            "issues_to_fix",
            "conclusion",
            "recommendation",
            "audit_days",
            "days_spent",
            "time_difference_reason",
            "concluded_by",
            "concluded_at",
            "version",
        ]
        read_only_fields = fields


# --- Filters -----------------------------------------------------------------------------


class _ByAudit(django_filters.FilterSet):  # type: ignore[misc]
    audit = IdFilter(field_name="audit_id")


class _ByPlan(django_filters.FilterSet):  # type: ignore[misc]
    plan = IdFilter(field_name="plan_id")


def _filterset(model: Any, base: Any) -> Any:
    meta = type("Meta", (), {"model": model, "fields": list(base.declared_filters)})
    return type(f"{model.__name__}Filter", (base,), {"Meta": meta})


# --- Viewsets ----------------------------------------------------------------------------


class _Base(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    related: ClassVar[tuple[str, ...]] = ()

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related(*self.related).order_by("id")

    def _read(self, instance: Any, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        serializer: Any = self.get_serializer_class()
        response = Response(serializer(fresh).data, status=code)
        response["ETag"] = f'"{fresh.version}"'
        return response

    def _input(self, serializer_class: Any, request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class MemberViewSet(_Base):
    """Members of audit teams."""

    queryset = AuditTeamMember.objects.none()
    serializer_class = MemberSerializer
    filterset_class = _filterset(AuditTeamMember, _ByAudit)
    related = ("person",)

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(MemberCreateSerializer, request)
        member = services.team_member_add(actor=self.actor, **data)
        return self._read(member, status.HTTP_201_CREATED)

    @extend_schema(request=MemberRemovalSerializer, responses={204: None})
    @action(detail=True, methods=["post"], permission_action="delete")
    def remove(self, request: Request, pk: str | None = None) -> Response:
        member = self.get_object()
        data = self._input(MemberRemovalSerializer, request)
        services.team_member_remove(actor=self.actor, member=member, reason=data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DeclareSerializer, responses={200: MemberSerializer})
    @action(detail=True, methods=["post"], permission_action="change")
    def declare(self, request: Request, pk: str | None = None) -> Response:
        member = self.get_object()
        data = self._input(DeclareSerializer, request)
        return self._read(services.team_member_declare(actor=self.actor, member=member, **data))


class PlanViewSet(_Base):
    """Audit plans (one per audit)."""

    queryset = AuditPlan.objects.none()
    serializer_class = PlanSerializer
    filterset_class = _filterset(AuditPlan, _ByAudit)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("slots__clauses")

    @extend_schema(request=PlanWriteSerializer, responses={201: PlanSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(PlanWriteSerializer, request)
        audit = data.pop("audit", None)
        if audit is None:
            raise serializers.ValidationError({"audit": ["This field is required."]})
        data.pop("version", None)
        plan = services.plan_save(actor=self.actor, audit=audit, data=data)
        return self._read(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanWriteSerializer, responses={200: PlanSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = self._input(PlanWriteSerializer, request)
        if data.pop("audit", None) not in (None, plan.audit):
            raise serializers.ValidationError({"audit": ["A plan stays with its audit."]})
        version = expected_version(request, data.pop("version", None))
        saved = services.plan_save(actor=self.actor, audit=plan.audit, data=data, version=version)
        return self._read(saved)

    @extend_schema(request=SendSerializer, responses={201: OpenApiResponse(OpenApiTypes.OBJECT)})
    @action(detail=True, methods=["post"], permission_action="send")
    def send(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = self._input(SendSerializer, request)
        issue = services.plan_send(actor=self.actor, plan=plan, change_note=data["change_note"])
        return Response(PlanIssueSerializer(issue).data, status=status.HTTP_201_CREATED)


class SlotViewSet(_Base):
    """Time slots of audit plans."""

    queryset = AuditPlanSlot.objects.none()
    serializer_class = SlotSerializer
    filterset_class = _filterset(AuditPlanSlot, _ByPlan)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("clauses")

    @extend_schema(request=SlotWriteSerializer, responses={201: SlotSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(SlotWriteSerializer, request)
        plan = data.pop("plan", None)
        if plan is None:
            raise serializers.ValidationError({"plan": ["This field is required."]})
        data.pop("version", None)
        return self._read(
            services.slot_add(actor=self.actor, plan=plan, data=data), status.HTTP_201_CREATED
        )

    @extend_schema(request=SlotWriteSerializer, responses={200: SlotSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        slot = self.get_object()
        data = self._input(SlotWriteSerializer, request)
        data.pop("plan", None)
        version = expected_version(request, data.pop("version", None))
        return self._read(
            services.slot_update(actor=self.actor, slot=slot, data=data, version=version)
        )

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], permission_action="change")
    def remove(self, request: Request, pk: str | None = None) -> Response:
        services.slot_remove(actor=self.actor, slot=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class IssueViewSet(_Base):
    """The versions of plans sent to clients (never changed)."""

    queryset = AuditPlanIssue.objects.none()
    serializer_class = PlanIssueSerializer
    filterset_class = _filterset(AuditPlanIssue, _ByPlan)
    http_method_names = ["get", "head", "options"]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], permission_action="view")
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        issue = self.get_object()
        return HttpResponse(plan_issue_pdf(issue), content_type="application/pdf")


class ChecklistItemViewSet(_Base):
    """Checklist items of audits (one per clause in scope)."""

    queryset = CertChecklistItem.objects.none()
    serializer_class = CertChecklistItemSerializer
    filterset_class = _filterset(CertChecklistItem, _ByAudit)
    related = ("clause",)

    @extend_schema(request=ChecklistWriteSerializer, responses={200: CertChecklistItemSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        data = self._input(ChecklistWriteSerializer, request)
        version = expected_version(request, data.pop("version", None))
        saved = services.checklist_record(actor=self.actor, item=item, data=data, version=version)
        return self._read(saved)

    @extend_schema(
        request=GenerateSerializer, responses={200: OpenApiResponse(OpenApiTypes.OBJECT)}
    )
    @action(detail=False, methods=["post"], permission_action="add")
    def generate(self, request: Request) -> Response:
        data = self._input(GenerateSerializer, request)
        added = services.checklist_generate(actor=self.actor, audit=data["audit"])
        return Response({"added": added})


class FindingViewSet(_Base):
    """Graded findings of audits."""

    queryset = CertFinding.objects.none()
    serializer_class = CertFindingSerializer
    filterset_class = _filterset(CertFinding, _ByAudit)

    @extend_schema(request=FindingWriteSerializer, responses={201: CertFindingSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(FindingWriteSerializer, request)
        audit = data.pop("audit", None)
        if audit is None:
            raise serializers.ValidationError({"audit": ["This field is required."]})
        data.pop("version", None)
        finding = services.finding_raise(actor=self.actor, audit=audit, data=data)
        return self._read(finding, status.HTTP_201_CREATED)

    @extend_schema(request=FindingWriteSerializer, responses={200: CertFindingSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        finding = self.get_object()
        data = self._input(FindingWriteSerializer, request)
        data.pop("audit", None)
        version = expected_version(request, data.pop("version", None))
        saved = services.finding_update(
            actor=self.actor, finding=finding, data=data, version=version
        )
        return self._read(saved)


class ConclusionViewSet(TenantViewSetMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The conclusion of an audit (its lead auditor or a certification manager; the
    service checks who)."""

    queryset = CertAudit.objects.none()
    permission_action = "view"
    serializer_class = ConclusionReadSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(request=ConclusionSerializer, responses={200: ConclusionReadSerializer})
    def create(self, request: Request) -> Response:
        serializer = ConclusionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        audit = data.pop("audit")
        version = expected_version(request, data.pop("version", None))
        saved = services.audit_conclude(actor=self.actor, audit=audit, data=data, version=version)
        return Response(ConclusionReadSerializer(saved).data)


def register(router: SimpleRouter) -> None:
    """Registers this area's API viewsets on the certification router."""
    router.register("audit-team-members", MemberViewSet, basename="certification-auditteammember")
    router.register("audit-plans", PlanViewSet, basename="certification-auditplan")
    router.register("audit-plan-slots", SlotViewSet, basename="certification-auditplanslot")
    router.register("audit-plan-versions", IssueViewSet, basename="certification-auditplanissue")
    router.register(
        "audit-checklist-items", ChecklistItemViewSet, basename="certification-certchecklistitem"
    )
    router.register("audit-findings", FindingViewSet, basename="certification-certfinding")
    router.register(
        "audit-conclusions", ConclusionViewSet, basename="certification-audit-conclusion"
    )
