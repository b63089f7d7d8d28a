"""OpenAPI generation: every operation documents the API's one error shape."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from .serializers import ErrorSerializer

_WRITE = {"POST", "PUT", "PATCH"}


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        codes = ["401", "403"]
        if self.method in _WRITE or "{" in self.path:
            codes.append("400" if self.method in _WRITE else "404")
        if "{" in self.path:
            codes.append("404")
        if self.method in _WRITE | {"DELETE"}:
            codes.append("409")
        for code in sorted(set(codes)):
            bodies.setdefault(code, self._get_response_for_code(ErrorSerializer, code))  # type: ignore[no-untyped-call]
        return bodies
