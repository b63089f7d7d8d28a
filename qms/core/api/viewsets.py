"""The base of every organization-scoped API resource.

Lists and reads start from `for_user()` within the request's organization (a token acts in
its own organization), so another tenant's object is 404. Writes validate with the write
serializer, then call the model's service; the response uses the read serializer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer


class TenantViewSetMixin:
    """`get_queryset()` through for_user(); `actor` and `organization` of the request."""

    select_related: ClassVar[tuple[str, ...]] = ()

    def get_queryset(self) -> models.QuerySet[Any]:
        view: Any = self
        manager: Any = view.queryset.model._default_manager
        queryset: models.QuerySet[Any] = manager.for_user(
            view.request.user, "view", organization=self.organization
        )
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    @property
    def organization(self) -> Any:
        """The organization the request acts in (set by the middleware or the token)."""
        view: Any = self
        return view.request._request.organization

    @property
    def actor(self) -> Any:
        """The authenticated user, for the service's `actor` argument."""
        view: Any = self
        return view.request.user


class TenantReadOnlyViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    pass


class TenantModelViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Subclasses set `serializer_class` (read), `write_serializer_class`, and implement
    `perform_create_service`, `perform_update_service` and `perform_destroy_service`."""

    write_serializer_class: ClassVar[type[BaseSerializer[Any]]]

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def perform_create_service(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def perform_update_service(self, instance: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def perform_destroy_service(self, instance: Any) -> None:
        raise NotImplementedError

    def _read(self, instance: models.Model, status_code: int) -> Response:
        serializer = self.serializer_class(instance, context=self.get_serializer_context())  # type: ignore[misc]
        return Response(serializer.data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_create_service(dict(serializer.validated_data))
        return self._read(instance, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_update_service(instance, dict(serializer.validated_data))
        return self._read(instance, status.HTTP_200_OK)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.perform_destroy_service(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)
