from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet, TenantReadOnlyViewSet

from .. import services
from ..filtersets import (
    SurveyFilterSet,
    SurveyInvitationFilterSet,
    SurveyQuestionFilterSet,
    SurveyResponseFilterSet,
)
from ..models import SurveyAnswer, SurveyResponse
from ..selectors import survey_results
from ..services.invitations import Invitee
from ..specs import INVITATION, QUESTION, SURVEY
from .serializers import (
    SurveyInvitationCreateSerializer,
    SurveyInvitationSerializer,
    SurveyQuestionSerializer,
    SurveyQuestionWriteSerializer,
    SurveyResponseSerializer,
    SurveyResultsSerializer,
    SurveySerializer,
    SurveyWriteSerializer,
)


class SurveyViewSet(TransitionActionMixin, TenantModelViewSet):
    """Customer satisfaction surveys; `open` and `close` are transitions. Only a draft
    survey nobody was invited to can be deleted."""

    spec = SURVEY
    serializer_class = SurveySerializer
    write_serializer_class = SurveyWriteSerializer
    filterset_class = SurveyFilterSet
    ordering_fields = ["period_start", "title", "created_at"]
    ordering = ["-period_start", "-id"]
    create_service = staticmethod(services.survey_create)
    update_service = staticmethod(services.survey_update)
    delete_service = staticmethod(services.survey_delete)

    @extend_schema(responses={200: SurveyResultsSerializer})
    @action(detail=True, methods=["get"], url_path="results", permission_action="view")
    def results(self, request: Request, pk: str | None = None) -> Response:
        """The survey's results: response rate, mean and distribution per rated question,
        the comments (a fixed number of queries)."""
        survey = self.get_object()
        return Response(SurveyResultsSerializer(survey_results(survey=survey)).data)


class SurveyQuestionViewSet(TenantModelViewSet):
    """Questions of surveys (filter `survey=<id>`); they change only while the survey is a
    draft (409 otherwise)."""

    spec = QUESTION
    select_related = ("survey",)
    serializer_class = SurveyQuestionSerializer
    write_serializer_class = SurveyQuestionWriteSerializer
    filterset_class = SurveyQuestionFilterSet
    ordering_fields = ["order", "created_at"]
    ordering = ["survey", "order", "id"]
    create_service = staticmethod(services.question_create)
    update_service = staticmethod(services.question_update)
    delete_service = staticmethod(services.question_delete)


class SurveyInvitationViewSet(TenantModelViewSet):
    """Invited customers (without their link). POST invites several customers to an open
    survey at once; DELETE withdraws an unanswered invitation."""

    spec = INVITATION
    select_related = ("survey",)
    serializer_class = SurveyInvitationSerializer
    write_serializer_class = SurveyInvitationCreateSerializer
    filterset_class = SurveyInvitationFilterSet
    ordering_fields = ["created_at", "customer_name"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    delete_service = staticmethod(services.invitation_delete)

    @extend_schema(
        request=SurveyInvitationCreateSerializer,
        responses={201: SurveyInvitationSerializer(many=True)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SurveyInvitationCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invitees = [Invitee(**item) for item in data["invitees"]]
        created = services.invitations_send(
            actor=self.actor, survey=data["survey"], invitees=invitees
        )
        body = SurveyInvitationSerializer(
            created, many=True, context=self.get_serializer_context()
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class SurveyResponseViewSet(TenantReadOnlyViewSet):
    """Customers' answers, read-only (they are given through the public link)."""

    queryset = SurveyResponse.objects.none()
    select_related = ("survey", "invitation")
    serializer_class = SurveyResponseSerializer
    filterset_class = SurveyResponseFilterSet
    ordering_fields = ["submitted_at"]
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self) -> QuerySet[Any]:
        answers = SurveyAnswer.objects.select_related("question").order_by(
            "question__order", "question_id"
        )
        return super().get_queryset().prefetch_related(Prefetch("answers", queryset=answers))
