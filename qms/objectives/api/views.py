from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, TenantViewSetMixin, expected_version

from .. import selectors, services
from ..filtersets import MeasurementFilterSet, ObjectiveFilterSet
from ..models import Measurement, QualityObjective
from ..specs import OBJECTIVE
from .serializers import (
    MeasurementSerializer,
    MeasurementWriteSerializer,
    ObjectiveSerializer,
    ObjectiveWriteSerializer,
    ReasonSerializer,
)


class ObjectiveViewSet(TransitionActionMixin, TenantModelViewSet):
    """Quality objectives with their latest value and computed performance status. Never
    deleted (cancelled through the workflow)."""

    spec = OBJECTIVE
    select_related = ("owner", "policy")
    serializer_class = ObjectiveSerializer
    write_serializer_class = ObjectiveWriteSerializer
    filterset_class = ObjectiveFilterSet
    ordering_fields = ["number", "due_date", "title", "created_at"]
    ordering = ["number", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.objective_create)
    update_service = staticmethod(services.objective_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = selectors.with_latest(super().get_queryset())
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("processes")
        return queryset

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                name="MeasurementCounts",
                fields={
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                },
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="recompute", permission_action="measure")
    def recompute(self, request: Request, pk: str | None = None) -> Response:
        """Recompute the measurements of an objective computed by an indicator."""
        objective = self.get_object()
        counts = services.objective_measurements_compute(
            actor=self.actor, objective=objective, today=timezone.localdate()
        )
        return Response(counts)


def _period(raw: str) -> datetime.date:
    text = raw.strip()
    try:
        if len(text) == 7:
            return datetime.date.fromisoformat(f"{text}-01")
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise exceptions.ValidationError({"period": ["Enter the month as YYYY-MM."]}) from None


def _as_400(error: ValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


class MeasurementViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Measurements of objectives: list, record (POST), correct and void (with a reason)."""

    queryset = Measurement.objects.none()
    select_related = ("objective", "recorded_by")
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilterSet
    ordering_fields = ["period", "created_at"]
    ordering = ["objective_id", "period"]

    @extend_schema(request=MeasurementWriteSerializer, responses={201: MeasurementSerializer})
    def create(self, request: Request) -> Response:
        serializer = MeasurementWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objective = (
            QualityObjective.objects.for_user(self.actor, "measure", organization=self.organization)
            .filter(pk=data["objective"])
            .first()
        )
        if objective is None:
            raise exceptions.ValidationError({"objective": ["Choose one of your objectives."]})
        try:
            measurement = services.measurement_record(
                actor=self.actor,
                objective=objective,
                period=_period(data["period"]),
                value=data["value"],
                note=data.get("note", ""),
            )
        except ValidationError as error:
            raise _as_400(error) from None
        body = MeasurementSerializer(measurement, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _change(self, request: Request, void: bool) -> Response:
        measurement = self.get_object()  # the object permission ("change") is checked
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = expected_version(request, data.get("version"))
        try:
            if void:
                result = services.measurement_void(
                    actor=self.actor,
                    measurement=measurement,
                    reason=data["reason"],
                    version=version,
                )
            else:
                if "value" not in data:
                    raise exceptions.ValidationError({"value": ["Enter the corrected value."]})
                result = services.measurement_correct(
                    actor=self.actor,
                    measurement=measurement,
                    value=data["value"],
                    reason=data["reason"],
                    version=version,
                )
        except ValidationError as error:
            raise _as_400(error) from None
        return Response(MeasurementSerializer(result, context=self.get_serializer_context()).data)

    @extend_schema(request=ReasonSerializer, responses={200: MeasurementSerializer})
    @action(detail=True, methods=["post"], url_path="correct", permission_action="change")
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct the value, with the reason (audited)."""
        return self._change(request, void=False)

    @extend_schema(request=ReasonSerializer, responses={200: MeasurementSerializer})
    @action(detail=True, methods=["post"], url_path="void", permission_action="void")
    def void(self, request: Request, pk: str | None = None) -> Response:
        """Void the measurement, with the reason; it stays on record."""
        return self._change(request, void=True)
