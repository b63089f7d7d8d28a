from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import filters
from rest_framework.request import Request


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=name` or `?ordering=-created_at`; only the view's `ordering_fields`.

    A stable tie-break on the primary key keeps pages from overlapping.
    """

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        tie = "-pk" if ordering[-1].startswith("-") else "pk"
        return queryset.order_by(*ordering, tie)
