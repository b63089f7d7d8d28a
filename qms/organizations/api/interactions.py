"""API of process interactions (the arrows of the process map)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.viewsets import TenantModelViewSet
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..interactions import (
    INTERACTION,
    InteractionFilterSet,
    interaction_create,
    interaction_delete,
    interaction_update,
)


class ProcessInteractionSerializer(SpecReadSerializer):
    spec = INTERACTION
    from_process_name = serializers.CharField(source="from_process.name", read_only=True)
    to_process_name = serializers.CharField(source="to_process.name", read_only=True)


class ProcessInteractionWriteSerializer(SpecWriteSerializer):
    spec = INTERACTION

    def get_validators(self) -> list[Any]:
        """No unscoped unique-pair query here: the service validates the pair within the
        organization (and the database constraint backs it)."""
        return []


class ProcessInteractionViewSet(TenantModelViewSet):
    """What flows from one process to another: an output of one that is an input of the
    other. Both processes must be the organization's; no self-loop; one per direction."""

    spec = INTERACTION
    select_related = ("from_process", "to_process")
    serializer_class = ProcessInteractionSerializer
    write_serializer_class = ProcessInteractionWriteSerializer
    filterset_class = InteractionFilterSet
    ordering_fields = ["flow", "created_at"]
    ordering = ["id"]
    create_service = staticmethod(interaction_create)
    update_service = staticmethod(interaction_update)
    delete_service = staticmethod(interaction_delete)
