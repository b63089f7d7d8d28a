"""`/api/v1/notifications/`: the caller's own notifications (any other is 404).

Notifications are personal, not tenant data: the view needs a logged-in user, not a role
(`IsAuthenticated` instead of `TenantPermission`), and every read starts from the caller's
own rows. `?unread=true` lists the unread ones; `POST {id}/read/` and `POST read-all/` mark
them read.
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from ..notifications import (
    Notification,
    notification_list,
    notification_mark_read,
    notifications_mark_all_read,
)


class NotificationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "organization",
            "created_at",
            "read",
            "read_at",
            "emailed_at",
        ]
        read_only_fields = fields


class NotificationFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    unread = django_filters.ChoiceFilter(
        choices=[("true", "unread only"), ("false", "read only")],
        method="filter_unread",
        label="true: only unread; false: only read",
    )
    kind = django_filters.CharFilter(max_length=100)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset: Any, name: str, value: str) -> Any:
        if not value:
            return queryset
        return queryset.filter(read_at__isnull=value == "true")


class NotificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Your own notifications, unread first, then newest."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    permission_classes = [IsAuthenticated]
    ordering_fields = ["created_at"]

    def get_queryset(self) -> Any:
        return notification_list(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        """Mark one of your notifications read (already read: unchanged)."""
        notification = notification_mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "NotificationsMarkedRead", fields={"marked": serializers.IntegerField()}
        ),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark all your unread notifications read; says how many."""
        return Response({"marked": notifications_mark_all_read(actor=request.user)})
