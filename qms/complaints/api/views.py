from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import IF_MATCH, TenantModelViewSet, expected_version
from qms.organizations.selectors import process_list

from .. import services
from ..filtersets import ComplaintFilterSet
from ..specs import COMPLAINT
from .serializers import (
    ComplaintSerializer,
    ComplaintWriteSerializer,
    EscalatedSerializer,
    EscalateSerializer,
)


class ComplaintViewSet(TransitionActionMixin, TenantModelViewSet):
    """The complaint log. Complaints are never deleted (they are closed); the workflow steps
    (acknowledge, respond, close, reopen) are one transition action, and `escalate` opens a
    nonconformity from the complaint in one step."""

    spec = COMPLAINT
    select_related = ("owner", "nonconformity")
    serializer_class = ComplaintSerializer
    write_serializer_class = ComplaintWriteSerializer
    filterset_class = ComplaintFilterSet
    ordering_fields = [
        "received_on",
        "number",
        "customer_name",
        "acknowledgement_due",
        "created_at",
    ]
    ordering = ["-received_on", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.complaint_create)
    update_service = staticmethod(services.complaint_update)

    @extend_schema(
        request=EscalateSerializer,
        responses={201: EscalatedSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="escalate", permission_action="escalate")
    def escalate(self, request: Request, pk: str | None = None) -> Response:
        """Open a nonconformity from this complaint and link the two (201). 409 when the
        complaint is closed or already escalated; nothing is written then."""
        complaint = self.get_object()
        serializer = EscalateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        process = None
        if data.get("process"):
            process = (
                process_list(user=self.actor, organization=self.organization)
                .filter(pk=data["process"])
                .first()
            )
            if process is None:
                raise exceptions.ValidationError({"process": ["Choose one of your processes."]})
        nonconformity = services.complaint_escalate(
            actor=self.actor,
            instance=complaint,
            severity=data["severity"],
            process=process,
            version=expected_version(request, data.get("version")),
        )
        complaint = self.get_queryset().get(pk=complaint.pk)
        body = {
            "complaint": ComplaintSerializer(complaint, context=self.get_serializer_context()).data,
            "nonconformity_id": nonconformity.pk,
            "nonconformity_number": nonconformity.number,
        }
        return Response(body, status=status.HTTP_201_CREATED)
