"""JSON request bodies read by orjson; malformed or too deeply nested JSON is a 400.

orjson refuses documents nested deeper than 1,024 levels with a `JSONDecodeError`
("depth limit exceeded"), where the standard library raised `RecursionError`, a 500. Every
decode error becomes DRF's `ParseError`, which the API answers with its one error shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

import orjson
from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser


class ORJSONParser(BaseParser):
    media_type = "application/json"

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            if isinstance(raw, str):
                return orjson.loads(raw)
            if str(encoding).lower().replace("-", "") not in ("utf8", "ascii"):
                raw = raw.decode(encoding)
            return orjson.loads(raw)
        except (orjson.JSONDecodeError, UnicodeDecodeError, LookupError) as error:
            raise ParseError(_message(error)) from None


def _message(error: Exception) -> str:
    text = str(error)
    if "depth limit" in text or "recursion" in text.lower():
        return "JSON parse error - the document is nested too deeply."
    return f"JSON parse error - {text}"
