"""The public JSON API (no authentication): signed answers about certificates.

- `GET /api/v1/public/certificates/<number>/` (optionally `?cb=<source key>`): the public
  certificates carrying that exact number; 404 (signed too) when there is none.
- `GET /api/v1/public/certificates/?q=<text>&country=&standard=&cb=&status=&after=`: search
  by exact number and company name, the same as `/registry/`, a page at a time (`next`).

Every answer is `{"data": {...}, "signature": {"alg": "Ed25519", "kid", "public_key",
"value"}}` written compactly (see `qms.registry.signing` for the canonical form); the keys are
at `/.well-known/qms-registry-keys.json`. Answers count towards the client's rate limit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from .normalize import name_key, number_key
from .presenters import answered_at, certificate_data, query_string, summary_data
from .selectors import MIN_QUERY, certificate_search, certificates_by_number, search_arguments
from .services import lookups_record
from .signing import canonical, sign

_SIGNED = {
    "description": "A signed answer: {data, signature: {alg, kid, public_key, value}}.",
}


def signed_response(data: dict[str, Any], *, status: int = 200) -> HttpResponse:
    data = {**data, "answered_at": answered_at(), "registry": settings.BASE_URL}
    response = HttpResponse(
        canonical(sign(data)), status=status, content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


class PublicApiView(APIView):
    """No authentication, no session, no tenant: public data only."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []


class PublicCertificateView(PublicApiView):
    @extend_schema(
        operation_id="public_certificate_lookup",
        summary="A certificate by its exact number (signed answer)",
        parameters=[
            OpenApiParameter("cb", str, description="Only the body with this source key."),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (404, "application/json"): OpenApiTypes.OBJECT,
        },
        tags=["public registry"],
    )
    def get(self, request: Request, number: str) -> HttpResponse:
        today = timezone.localdate()
        rows = certificates_by_number(
            number=number, source_key=str(request.query_params.get("cb", ""))[:64]
        )
        if rows:
            lookups_record(certificate_ids=[row.pk for row in rows])
        data = {
            "query": {"number": number},
            "found": bool(rows),
            "certificates": [certificate_data(row, today=today) for row in rows],
        }
        return signed_response(data, status=200 if rows else 404)


class PublicCertificateSearchView(PublicApiView):
    @extend_schema(
        operation_id="public_certificate_search",
        summary="Search certificates by exact number or company name (signed answer)",
        parameters=[
            OpenApiParameter("q", str, required=True, description="Number or company name."),
            OpenApiParameter("country", str, description="Two-letter country of the holder."),
            OpenApiParameter("standard", str, description='e.g. "ISO 9001".'),
            OpenApiParameter("cb", str, description="Source key of a certification body."),
            OpenApiParameter("status", str, description="active, suspended, withdrawn…"),
            OpenApiParameter("after", str, description="The `next` cursor of the last page."),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (400, "application/json"): OpenApiTypes.OBJECT,
        },
        tags=["public registry"],
    )
    def get(self, request: Request) -> HttpResponse:
        today = timezone.localdate()
        query, filters, cursor = search_arguments(request.query_params)
        if not query or (len(name_key(query)) < MIN_QUERY and not number_key(query)):
            return HttpResponse(
                canonical(
                    {"q": [f"Give a certificate number or at least {MIN_QUERY} letters of a name."]}
                ),
                status=400,
                content_type="application/json; charset=utf-8",
            )
        page = certificate_search(query=query, filters=filters, cursor=cursor, today=today)
        params = {
            "q": query,
            "country": filters.country,
            "standard": filters.standard,
            "cb": filters.source,
            "status": filters.status,
        }
        data = {
            "query": params,
            "number_matches": [summary_data(row, today=today) for row in page.number_matches],
            "results": [summary_data(row, today=today) for row in page.results],
            "similar": [summary_data(row, today=today) for row in page.similar],
            "next": settings.BASE_URL
            + "/api/v1/public/certificates/"
            + query_string({**params, "after": page.next_cursor})
            if page.next_cursor
            else None,
            "capped": page.capped,
        }
        return signed_response(data)
