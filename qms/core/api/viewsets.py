"""The base of every organization-scoped API resource.

Lists and reads start from `for_user()` within the request's organization (a token acts in
its own organization), so another tenant's object is 404; the class-level `queryset` is
empty and only names the model. Writes validate with the write serializer, then call the
model's service; the response uses the read serializer. Writes may name the version they
are based on (optimistic locking); reads send it as the ETag.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db import models
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from ..specs import ModelSpec
from .lists import FastListMixin


class TenantViewSetMixin(FastListMixin):
    """`get_queryset()` through for_user(); `actor` and `organization` of the request."""

    select_related: ClassVar[tuple[str, ...]] = ()
    # Set per route by `@action(..., permission_action="<verb>")` (core.api.permissions).
    permission_action: str | None = None

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


def expected_version(request: Request, body_version: int | None) -> int | None:
    """The version a write is based on: the `If-Match: "<version>"` header or the body's
    `version` field (they must agree when both are sent); None when neither is given."""
    header = request.headers.get("If-Match", "").strip()
    header_version: int | None = None
    if header and header != "*":
        tag = header.removeprefix("W/").strip().strip('"')
        if not tag.isdigit() or int(tag) < 1:
            raise exceptions.ValidationError(
                {"version": ['If-Match must be a record version in quotes, e.g. "3".']}
            )
        header_version = int(tag)
    if header_version is not None and body_version is not None and header_version != body_version:
        raise exceptions.ValidationError(
            {"version": ["The If-Match header and the version field disagree."]}
        )
    return header_version if header_version is not None else body_version


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        'The version the write is based on, in quotes (the ETag of the read, e.g. "3"). '
        'When the record has moved on, the write is refused with 409 (code "stale") and '
        "nothing is written. Optional: without it (and without a `version` field) the write "
        "proceeds unchecked."
    ),
)


class TenantModelViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Declarations only: `spec` (or `queryset = Model.objects.none()`), `serializer_class`
    (read), `write_serializer_class`, and the services each write calls, with the calling
    convention of `qms.organizations.services`:

        create_service = staticmethod(services.site_create)  # (*, actor, organization, data)
        update_service = staticmethod(services.site_update)  # (*, actor, instance, data, version)
        delete_service = staticmethod(services.site_delete)  # (*, actor, instance, version)

    A write based on an older version (`If-Match: "<version>"` or a `version` field) answers
    409 "stale" and writes nothing; reads send the version as the ETag.
    """

    spec: ClassVar[ModelSpec[Any] | None] = None
    write_serializer_class: ClassVar[type[BaseSerializer[Any]]]
    create_service: ClassVar[Callable[..., Any]]
    update_service: ClassVar[Callable[..., Any]]
    delete_service: ClassVar[Callable[..., Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is not None and "queryset" not in cls.__dict__:
            # Empty on purpose: data is read only through for_user() (get_queryset).
            cls.queryset = spec.model._default_manager.none()

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def _read(self, instance: models.Model, status_code: int) -> Response:
        serializer = self.serializer_class(instance, context=self.get_serializer_context())  # type: ignore[misc]
        response = Response(serializer.data, status=status_code)
        version = getattr(instance, "version", None)
        if version is not None:
            response["ETag"] = f'"{version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._read(self.get_object(), status.HTTP_200_OK)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new record has no earlier version to be based on
        instance = self.create_service(actor=self.actor, organization=self.organization, data=data)
        return self._read(instance, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        payload: Any = request.data
        body_version = None
        serializer: Any = self.get_serializer(instance, data=payload, partial=partial)
        declared = "version" in getattr(serializer, "fields", {})
        if not declared and isinstance(payload, dict) and "version" in payload:
            # A hand-written write serializer without the field: the version is still ours.
            payload = {key: value for key, value in payload.items() if key != "version"}
            body_version = _parse_version(request.data.get("version"))
            serializer = self.get_serializer(instance, data=payload, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body_version = data.pop("version", body_version)
        version = expected_version(request, body_version)
        instance = self.update_service(
            actor=self.actor, instance=instance, data=data, version=version
        )
        return self._read(instance, status.HTTP_200_OK)

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            IF_MATCH,
            OpenApiParameter(
                "version",
                int,
                OpenApiParameter.QUERY,
                required=False,
                description=(
                    'The version the deletion is based on (or send `If-Match: "<version>"`); '
                    'a record changed since is not deleted (409, code "stale"). Without '
                    "either, the deletion proceeds."
                ),
            ),
        ]
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        body = request.data.get("version") if isinstance(request.data, dict) else None
        raw = body if body is not None else request.query_params.get("version")
        body_version = _parse_version(raw)
        version = expected_version(request, body_version)
        self.delete_service(actor=self.actor, instance=instance, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _parse_version(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not (isinstance(raw, int) or str(raw).isdigit()) or int(raw) < 1:
        raise exceptions.ValidationError({"version": ["A valid record version is required."]})
    return int(raw)
