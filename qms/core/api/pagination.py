"""Pages of an API list: `?page=2&page_size=100`, without a total count unless asked.

Why no count by default: a COUNT reads every row of the organization's table (PostgreSQL
has no cheap exact count), so its cost grows with the table while the page's does not. The
page reads `page_size + 1` rows instead: the extra row says whether a next page exists.
`?count=true` adds the exact `count` for a caller that needs it (an export, a progress bar).

Bad paging is the caller's error, not a silent default: `page` or `page_size` that is not a
positive integer, or a page beyond the last one, answers 400 with `errors: {"page": [...]}`
(or `"page_size"`) in the API's error shape. A `page_size` above 500 is capped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..querysets import MAX_ROW_OFFSET

TRUE = ("true", "1", "yes")
FALSE = ("false", "0", "no", "")


class PageNumberPagination(pagination.BasePagination):
    """`?page=2&page_size=100`; 50 rows by default, 500 at most; `?count=true` for a total."""

    page_size = 50
    max_page_size = 500
    page_query_param = "page"
    page_size_query_param = "page_size"
    count_query_param = "count"

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        self.number = _positive(request, self.page_query_param, 1)
        self.size = min(
            _positive(request, self.page_size_query_param, self.page_size), self.max_page_size
        )
        self.count = (
            self._count(queryset) if _wants_count(request, self.count_query_param) else None
        )
        start = (self.number - 1) * self.size
        rows = list(queryset[start : start + self.size + 1]) if start <= MAX_ROW_OFFSET else []
        if not rows and self.number > 1:
            raise ValidationError({self.page_query_param: ["This page is beyond the last page."]})
        self.has_next = len(rows) > self.size
        return rows[: self.size]

    @staticmethod
    def _count(queryset: QuerySet[Any] | Sequence[Any]) -> int:
        return queryset.count() if isinstance(queryset, QuerySet) else len(queryset)

    def get_paginated_response(self, data: Any) -> Response:
        body: dict[str, Any] = {}
        if self.count is not None:
            body["count"] = self.count
        body["next"] = self.get_next_link()
        body["previous"] = self.get_previous_link()
        body["results"] = data
        return Response(body)

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "All matching rows; only with `?count=true`.",
                    "example": 123,
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            _parameter(self.page_query_param, "A page number (1 or more).", "integer"),
            _parameter(
                self.page_size_query_param,
                f"Rows per page: {self.page_size} by default, {self.max_page_size} at most.",
                "integer",
            ),
            _parameter(
                self.count_query_param,
                "`true` adds the total `count` of matching rows (it costs a COUNT).",
                "boolean",
            ),
        ]


def _positive(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [f"`{name}` must be a positive whole number."]})
    return int(raw)


def _wants_count(request: Request, name: str) -> bool:
    raw = request.query_params.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError({name: ["`count` must be true or false."]})


def _parameter(name: str, description: str, kind: str) -> dict[str, Any]:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": {"type": kind},
    }
