"""The view serving the OpenAPI schema (kept apart from qms.core.api.schema, which
drf-spectacular imports while loading its own views)."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from django.conf import settings
from django.urls import get_urlconf
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/: the OpenAPI schema, generated once per process and language.

    It is served public (the same document for every caller) and depends only on the code,
    yet generating it walks every route and serializer (about a second, several under load):
    the documentation page would otherwise pay that on each visit."""

    _generated: ClassVar[dict[tuple[str | None, str, str], Any]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _get_schema_response(self, request: Any) -> Response:
        asked = self._get_version_parameter(request)  # type: ignore[no-untyped-call]
        version = self.api_version or request.version or asked
        key = (
            version,
            translation.get_language() or "",
            str(get_urlconf() or settings.ROOT_URLCONF),
        )
        schema = self._generated.get(key)
        if schema is None:
            with self._lock:
                schema = self._generated.get(key)
                if schema is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=version, patterns=self.patterns
                    )
                    schema = generator.get_schema(  # type: ignore[no-untyped-call]
                        request=request, public=self.serve_public
                    )
                    self._generated[key] = schema
        filename = self._get_filename(request, version)  # type: ignore[no-untyped-call]
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )
