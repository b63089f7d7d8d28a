"""The actions API: list (with the page's filters, `owner=me`, `overdue=true`,
`origin_type=…&origin_id=…`), read, create (optionally from an origin record), change and
the workflow steps (`POST …/{id}/transitions/{start|complete|cancel|reopen}/`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet
from qms.core.attachments.selectors import attachment_subject

from .. import services
from ..filtersets import ActionFilterSet
from ..specs import ACTION
from .serializers import ActionCreateSerializer, ActionSerializer, ActionWriteSerializer


class ActionViewSet(TransitionActionMixin, TenantModelViewSet):
    spec = ACTION
    select_related = ("owner", "origin_type")
    serializer_class = ActionSerializer
    write_serializer_class = ActionWriteSerializer
    filterset_class = ActionFilterSet
    ordering_fields = ["due_date", "number", "priority", "status", "created_at"]
    ordering = ["due_date", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    update_service = staticmethod(services.action_update)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ActionCreateSerializer
        return super().get_serializer_class()

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        context = self.get_serializer_context()
        serializer = ActionCreateSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        origin_type = data.pop("origin_type", None)
        origin_id = data.pop("origin_id", None)
        origin = None
        if origin_type is not None:
            try:
                origin = attachment_subject(
                    user=self.actor,
                    organization=self.organization,
                    subject_type=origin_type,
                    subject_id=origin_id,
                )
            except Http404:
                raise exceptions.ValidationError(
                    {"origin_id": ["No such record of your organization that you may see."]}
                ) from None
        instance = services.action_create(
            actor=self.actor, organization=self.organization, data=data, origin=origin
        )
        return self._read(instance, status.HTTP_201_CREATED)
