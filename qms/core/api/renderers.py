"""JSON responses written by orjson: the same bytes DRF's JSONRenderer writes, faster.

orjson encodes a page of rows several times faster than the standard library and returns
bytes directly. Values orjson does not know (Decimal, lazy translations, querysets, …) go
through DRF's own encoder, so a response looks exactly as it did with `JSONRenderer`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder()
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z


def _default(value: Any) -> Any:
    return _fallback.default(value)


def dumps(data: Any) -> bytes:
    """Encode one response body (also used by the fast list path and the tests)."""
    return orjson.dumps(data, default=_default, option=_OPTIONS)


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259); no charset parameter

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        return dumps(data)
