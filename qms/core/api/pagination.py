from __future__ import annotations

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2&page_size=100`; 50 rows by default, 500 at most."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
