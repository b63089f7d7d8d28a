"""API of the register: nonconformities (with their workflow steps as one transitions
action) and the effectiveness checks the verify steps record (read-only)."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.response import Response

from qms.core.api.lists import plan_for
from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, TenantReadOnlyViewSet

from .. import services
from ..filtersets import EffectivenessCheckFilterSet, NonconformityFilterSet
from ..models import EffectivenessCheck
from ..selectors import actions_summary_of, history_of, nonconformity_list
from ..specs import NONCONFORMITY
from .serializers import (
    EffectivenessCheckSerializer,
    NonconformityDetailSerializer,
    NonconformitySerializer,
    NonconformityWriteSerializer,
)


class NonconformityViewSet(TransitionActionMixin, TenantModelViewSet):
    """The nonconformity register. `q` searches number, title and description; the
    workflow steps (record_containment, analyse, plan, implement, verify,
    verify_ineffective, close, reopen) are the transitions action. Nonconformities are
    never deleted: they are closed, and reopened with a reason."""

    spec = NONCONFORMITY
    serializer_class = NonconformitySerializer
    write_serializer_class = NonconformityWriteSerializer
    filterset_class = NonconformityFilterSet
    ordering_fields = ["detected_on", "number", "severity", "status", "created_at"]
    ordering = ["-detected_on", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.nonconformity_create)
    update_service = staticmethod(services.nonconformity_update)

    def get_queryset(self) -> Any:
        return nonconformity_list(user=self.request.user, organization=self.organization)

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return NonconformityDetailSerializer
        return super().get_serializer_class()

    def _read(self, instance: models.Model, status_code: int) -> Response:
        """Every read of one NC (detail, and the answer to a write or a step) carries its
        actions and history: one query each."""
        response = Response(detail_representation(instance), status=status_code)
        response["ETag"] = f'"{instance.version}"'  # type: ignore[attr-defined]
        return response


_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def detail_representation(instance: Any) -> dict[str, Any]:
    """What `NonconformityDetailSerializer` writes (a test compares them), from the field
    plan of the read serializer (qms.core.api.lists) instead of a ModelSerializer built per
    request: building its fields was most of the cost of the API detail."""
    plan = plan_for(NonconformitySerializer)
    if plan is None:  # pragma: no cover - the read serializer is plannable (tested)
        instance.detail_actions = actions_summary_of(nonconformity=instance)
        instance.detail_history = history_of(nonconformity=instance)
        return dict(NonconformityDetailSerializer(instance).data)
    data: dict[str, Any] = {}
    for name, path, convert in zip(plan.names, plan.paths, plan.converters, strict=True):
        value = _attribute(instance, path)
        data[name] = value if value is None or convert is None else convert(value)
    data["actions"] = [
        {**row, "due_date": _DATE.to_representation(row["due_date"])}
        for row in actions_summary_of(nonconformity=instance)
    ]
    data["history"] = [
        {**event, "created_at": _DATETIME.to_representation(event["created_at"])}
        for event in history_of(nonconformity=instance)
    ]
    return data


def _attribute(instance: Any, path: str) -> Any:
    """The value `.values_list(path)` would read, from the instance (a foreign key's id for
    a relation at the end of the path)."""
    *relations, last = path.split("__")
    current = instance
    for name in relations:
        current = getattr(current, name)
        if current is None:
            return None
    field = type(current)._meta.get_field(last)
    return getattr(current, field.attname if field.is_relation else last)


class EffectivenessCheckViewSet(TenantReadOnlyViewSet):
    """Effectiveness checks of corrective actions, per nonconformity and action cycle
    (written only by the verify steps of the nonconformity workflow)."""

    queryset = EffectivenessCheck.objects.none()
    select_related = ("nonconformity", "checked_by")
    serializer_class = EffectivenessCheckSerializer
    filterset_class = EffectivenessCheckFilterSet
    ordering_fields = ["checked_on", "created_at"]
    ordering = ["-checked_on", "-id"]
    lookup_value_regex = r"[0-9]+"
