"""API of the register: nonconformities (with their workflow steps as one transitions
action) and the effectiveness checks the verify steps record (read-only)."""

from __future__ import annotations

from typing import Any

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, TenantReadOnlyViewSet

from .. import services
from ..filtersets import EffectivenessCheckFilterSet, NonconformityFilterSet
from ..models import EffectivenessCheck
from ..selectors import nonconformity_list
from ..specs import NONCONFORMITY
from .serializers import (
    EffectivenessCheckSerializer,
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
