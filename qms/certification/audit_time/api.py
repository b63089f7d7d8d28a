"""API of audit time (IAF MD 5), under /api/v1/certification/:

- `POST audit-time/calculate/`: the calculation of the body's input, stored nowhere; answers
  `Result.as_dict()` (the CLI's `--json` object);
- `audit-time-calculations/`: stored calculations, list and read; POST stores a new one
  (the same input, plus `application` or `client`). Never changed afterwards: a
  recalculation is a new record.

The input is services.py's `inputs` (the form's too), so every door gives the same figures.
Input the calculator refuses is a 400 with the message under the field it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from qms.core.api.serializers import StrictSerializer, TenantPrimaryKeyRelatedField
from qms.core.api.viewsets import TenantModelViewSet

from ..choices import AuditTimeType
from ..models import Application, AuditTimeCalculation, Client
from . import selectors, services
from .errors import AuditTimeError
from .filtersets import AuditTimeCalculationFilterSet


def _decimal(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=4, required=False, coerce_to_string=False, **kwargs
    )


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class StandardField(serializers.Field):  # type: ignore[type-arg]
    """A standard by name ("iso9001", "ISO 14001:2015") or a standard-edition id."""

    default_error_messages = {
        "invalid": "Name a standard (iso9001, ISO 14001:2015) or give a standard-edition id."
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        if isinstance(data, str):
            data = data.strip()
            if not data or len(data) > 40:
                self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number"},
            {"type": "object", "additionalProperties": {"type": "number"}},
        ],
        "nullable": True,
    }
)
class ManualDaysField(serializers.Field):  # type: ignore[type-arg]
    """Days as a number, or per standard for an integrated audit: {"iso9001": 23}."""

    default_error_messages = {
        # DRF formats the message (str.format): the example's braces are doubled.
        "invalid": 'Give a number of days, or one per standard: {{"iso9001": 23}}.'
    }

    def _number(self, value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail("invalid")
        try:
            number = Decimal(str(value).strip())
        except ArithmeticError:
            self.fail("invalid")
        if not number.is_finite():
            self.fail("invalid")
        return number

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {str(key): self._number(value) for key, value in data.items()}
        return self._number(data)

    def to_representation(self, value: Any) -> Any:
        return value


class FactorInputSerializer(StrictSerializer):
    code = serializers.CharField(
        max_length=40,
        help_text="A known factor (interpreter, mature, logistics, ...) or your own code.",
    )
    pct = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        help_text="Signed percentage: 5 (or +5) an increase, -10 a decrease.",
    )
    justification = serializers.CharField(
        max_length=1000,
        help_text="Why the factor applies to this client (shown to the client and the AB).",
        error_messages={
            "required": "Say why this factor applies to this client.",
            "blank": "Say why this factor applies to this client.",
        },
    )


class PersonnelInputSerializer(StrictSerializer):
    """The breakdown the ENP is computed from (domain spec §4.3)."""

    full_time = _decimal(help_text="Full-time personnel in the scope, all shifts.")
    shifts = serializers.IntegerField(required=False)
    part_time_count = _decimal(help_text="Part-time personnel.")
    part_time_hours = _decimal(help_text="Hours a week of one part-timer.")
    full_time_hours = _decimal(help_text="Full-time hours a week (default 40).")
    seasonal = _decimal(help_text="Seasonal personnel present when audited.")
    temporary = _decimal(help_text="Temporary personnel present when audited.")
    contractors_in_scope = _decimal(help_text="Contractors under the client's control.")
    repetitive_reduction = _decimal(help_text="People deducted for similar repetitive work.")
    reduction_justification = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )


class CalculateSerializer(StrictSerializer):
    """The calculator's input: the standards and either `enp` or `personnel`."""

    standards = serializers.ListField(
        child=StandardField(),
        min_length=1,
        max_length=5,
        help_text='Standards by name (["iso9001", "iso14001"]) or standard-edition ids; '
        "several make an integrated audit.",
    )
    enp = _decimal(allow_null=True, help_text="The effective number of personnel, if known.")
    personnel = PersonnelInputSerializer(required=False, allow_null=True)
    complexity = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=20,
        help_text="high, medium, low or limited (what the standard's table offers).",
    )
    factors = serializers.ListField(child=FactorInputSerializer(), required=False, max_length=20)
    sites = serializers.IntegerField(required=False, help_text="Number of sites (default 1).")
    site_enp = serializers.ListField(
        child=serializers.DecimalField(max_digits=12, decimal_places=4, coerce_to_string=False),
        required=False,
        allow_null=True,
        max_length=1000,
        help_text="One ENP per site (optional).",
    )
    site_reduction_pct = _decimal(help_text="Multi-site reduction at each site (%).")
    site_reduction_justification = serializers.CharField(
        required=False, allow_blank=True, max_length=1000
    )
    audit_type = serializers.ChoiceField(choices=AuditTimeType.choices, required=False)
    integration_reduction_pct = _decimal(help_text="Integrated audit: at most 20 %.")
    integration_justification = serializers.CharField(
        required=False, allow_blank=True, max_length=1000
    )
    manual_days = ManualDaysField(
        required=False, allow_null=True, help_text="Above 10,700 personnel only."
    )
    manual_justification = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    apply_reduction_cap = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Hold a reduction over 30 % at the cap instead of refusing it.",
    )


class CalculationCreateSerializer(CalculateSerializer):
    application = TenantPrimaryKeyRelatedField(
        queryset=Application.objects.all(), required=False, allow_null=True
    )
    client = TenantPrimaryKeyRelatedField(
        queryset=Client.objects.all(),
        required=False,
        allow_null=True,
        help_text="Defaults to the application's client.",
    )


class AuditTimeCalculationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = AuditTimeCalculation
        fields = [
            "id",
            "number",
            "client",
            "application",
            "audit_type",
            "standards",
            "enp",
            "t_final",
            "table_ref",
            "calculated_by",
            "created_at",
            "inputs",
            "result",
        ]
        list_fields = [
            "id",
            "number",
            "client",
            "application",
            "audit_type",
            "standards",
            "enp",
            "t_final",
            "calculated_by",
            "created_at",
        ]
        read_only_fields = fields


def _input_errors(error: AuditTimeError, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The calculator's refusal as serializer errors, under the field it names."""
    field = error.field or ""
    if field in ("standard", "version"):
        return {"standards": [error.message]}
    if field.startswith("personnel."):
        return {"personnel": {field.removeprefix("personnel."): [error.message]}}
    if field in fields:
        return {field: [error.message]}
    return {"non_field_errors": [error.message]}


def _inputs(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in data.items()
        if key in services.INPUT_KEYS and not (key == "personnel" and value is None)
    }


class AuditTimeViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The calculator itself, statelessly (no list: only the `calculate` action)."""

    # Names the model whose "add" permission the action needs; nothing is read from it.
    queryset = AuditTimeCalculation.objects.none()
    serializer_class = CalculateSerializer
    permission_action: str | None = None  # set by @action(permission_action=...)

    @property
    def organization(self) -> Any:
        return self.request._request.organization  # type: ignore[attr-defined]

    @extend_schema(
        request=CalculateSerializer,
        responses={200: {"type": "object", "additionalProperties": True}},
        description="The audit time of the input (IAF MD 5), with every figure's "
        "justification; nothing is stored. The same object as `qms audit-time --json`.",
    )
    @action(detail=False, methods=["post"], url_path="calculate", permission_action="add")
    def calculate(self, request: Request) -> Response:
        serializer = CalculateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = services.audit_time_calculate(
                organization=self.organization, inputs=_inputs(serializer.validated_data)
            )
        except AuditTimeError as error:
            raise serializers.ValidationError(_input_errors(error, serializer.fields)) from error
        return Response(result.as_dict())


class AuditTimeCalculationViewSet(TenantModelViewSet):
    """Stored audit-time calculations. `q` searches number, standards, client and
    application; `client`, `standard` ("ISO 9001"), `audit_type` and `application` filter.
    POST calculates and stores (201); a calculation is never changed or deleted."""

    queryset = AuditTimeCalculation.objects.none()
    serializer_class = AuditTimeCalculationSerializer
    write_serializer_class = CalculationCreateSerializer
    filterset_class = AuditTimeCalculationFilterSet
    ordering_fields = ["number", "created_at", "t_final"]
    ordering = ["-created_at", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "action", None) == "list":
            return selectors.calculation_list(
                user=self.request.user, organization=self.organization
            )
        return selectors.calculation_detail_queryset(
            user=self.request.user, organization=self.organization
        )

    @extend_schema(
        request=CalculationCreateSerializer, responses={201: AuditTimeCalculationSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CalculationCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            calculation = services.audit_time_calculation_create(
                actor=self.actor,
                organization=self.organization,
                inputs=_inputs(data),
                application=data.get("application"),
                client=data.get("client"),
            )
        except AuditTimeError as error:
            raise serializers.ValidationError(_input_errors(error, serializer.fields)) from error
        return self._read(calculation, status.HTTP_201_CREATED)


def register(router: SimpleRouter) -> None:
    router.register("audit-time", AuditTimeViewSet, basename="certification-audittime")
    router.register(
        "audit-time-calculations",
        AuditTimeCalculationViewSet,
        basename="certification-audittimecalculation",
    )
