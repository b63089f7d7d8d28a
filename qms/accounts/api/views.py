from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qms.core.api.viewsets import TenantModelViewSet
from qms.core.permissions import role_permissions

from .. import selectors, services
from ..acting import acting_user
from ..filtersets import InvitationFilterSet, MembershipFilterSet
from ..models import ApiToken, Invitation, Membership
from .serializers import (
    InvitationSerializer,
    InvitationWriteSerializer,
    MembershipSerializer,
    MembershipWriteSerializer,
    MeSerializer,
    TokenCreatedSerializer,
    TokenCreateSerializer,
    TokenSerializer,
    UserSerializer,
)


class MeView(APIView):
    """Who the request acts as: the user, the organization, the roles and what they allow
    together (`role` is the primary role; `roles` all of them, the primary first)."""

    tenant_permission_exempt = "the caller's own user, organization and role"

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        membership = request._request.membership  # type: ignore[attr-defined]
        organization = membership.organization
        return Response(
            {
                "user": UserSerializer(request.user).data,
                "organization": {
                    "id": organization.pk,
                    "slug": organization.slug,
                    "name": organization.name,
                },
                "role": membership.role,
                "roles": [membership.role, *membership.additional_roles],
                "permissions": sorted(role_permissions(membership.roles)),
            }
        )


class MembershipViewSet(TenantModelViewSet):
    """Members of the organization. People join through invitations; owners change their
    roles (the primary `role` and the `additional_roles`)."""

    queryset = Membership.objects.none()
    select_related = ("user",)
    serializer_class = MembershipSerializer
    write_serializer_class = MembershipWriteSerializer
    filterset_class = MembershipFilterSet
    ordering_fields = ["created_at", "role", "user__email"]
    ordering = ["user__email"]
    http_method_names = ["get", "patch", "delete", "head", "options"]
    update_service = staticmethod(services.membership_update)
    delete_service = staticmethod(services.membership_delete)


class InvitationViewSet(TenantModelViewSet):
    """Invitations to join the organization; deleting one revokes it."""

    queryset = Invitation.objects.none()
    select_related = ("invited_by",)
    serializer_class = InvitationSerializer
    write_serializer_class = InvitationWriteSerializer
    filterset_class = InvitationFilterSet
    ordering_fields = ["created_at", "email"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = staticmethod(services.invitation_send)
    delete_service = staticmethod(services.invitation_delete)


class TokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Your own API tokens. A new token's secret is in the creation response only."""

    queryset = ApiToken.objects.none()
    serializer_class = TokenSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:
        return selectors.token_list(user=self.request.user)

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenCreatedSerializer})
    def create(self, request: Request) -> Response:
        organization = getattr(request._request, "organization", None)
        if organization is None:
            raise PermissionDenied("Join an organization before creating API tokens.")
        serializer = TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = acting_user(request)
        token, secret = services.token_create(
            actor=user,
            user=user,
            organization=organization,
            name=serializer.validated_data["name"],
        )
        token.token = secret  # type: ignore[attr-defined]
        return Response(TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        token = self.get_object()
        token = services.token_revoke(actor=acting_user(request), token=token)
        return Response(TokenSerializer(token).data)
