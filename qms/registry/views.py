"""The public pages: search, a certificate's verification page, the signing keys document.

No log-in, no tenant, no session: pages are rendered without context processors, every
request counts towards the client's rate limit, and numbers are only ever matched exactly.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .choices import Status
from .language import LANGUAGES, in_request_language
from .normalize import name_key, number_key
from .presenters import answered_at, api_path, query_string, verify_path
from .qr import qr_token_matches
from .ratelimit import rate_limited
from .rules import (
    PUBLIC_STATUSES,
    STATUS_EXPLANATIONS,
    STATUS_TONES,
    effective_status,
    status_words,
)
from .selectors import (
    MAX_RESULTS,
    MIN_QUERY,
    RememberedPage,
    certificate_search,
    certificates_by_number,
    remember_page,
    remembered_page,
    search_arguments,
    signing_keys,
    sources_for_filter,
)
from .services import lookups_record
from .signing import ALG, active_key


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    kept = request.GET.copy()
    kept.pop("lang", None)
    context.setdefault("query_string", kept.urlencode())
    context.setdefault("language", translation.get_language())
    context.setdefault("languages", LANGUAGES)
    context.setdefault("site_name", settings.SITE_NAME)
    return HttpResponse(render_to_string(template, context), status=status)


def _card(row: Any, today: Any) -> dict[str, Any]:
    status = effective_status(row.status, row.expiry_date, today)
    return {
        "row": row,
        "status": status,
        "words": status_words(status),
        "explanation": str(STATUS_EXPLANATIONS[status]),
        "tone": STATUS_TONES[status],
        "changed_on": row.expiry_date if status != row.status else row.status_changed_on,
        "url": verify_path(row.number),
    }


@require_GET
@in_request_language
@rate_limited
def search(request: HttpRequest) -> HttpResponse:
    query, filters, cursor = search_arguments(request.GET)
    today = timezone.localdate()
    error = ""
    page = None
    if query and len(name_key(query)) < MIN_QUERY and not number_key(query):
        error = _("Type at least %(count)d letters of the name, or the whole number.") % {
            "count": MIN_QUERY
        }
    elif query:
        page = certificate_search(query=query, filters=filters, cursor=cursor, today=today)
    params = {
        "q": query,
        "country": filters.country,
        "standard": filters.standard,
        "cb": filters.source,
        "status": filters.status,
        "lang": request.GET.get("lang", ""),
    }
    context: dict[str, Any] = {
        "query": query,
        "filters": filters,
        "error": error,
        "page": page,
        "number_cards": [_card(row, today) for row in page.number_matches] if page else [],
        "cards": [_card(row, today) for row in page.results] if page else [],
        "similar_cards": [_card(row, today) for row in page.similar] if page else [],
        "next_url": query_string({**params, "after": page.next_cursor})
        if page and page.next_cursor
        else "",
        "first_url": query_string(params) if cursor else "",
        "max_results": MAX_RESULTS,
        "sources": sources_for_filter(),
        "statuses": [
            (value, status_words(value)) for value in Status.values if value in PUBLIC_STATUSES
        ],
    }
    return _page(request, "registry/search.html", context)


@require_GET
@in_request_language
@rate_limited
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """A certificate's page; the same answer is rendered once per process for a few seconds
    (`selectors.remembered_page`), each answer still counting as a lookup."""
    today = timezone.localdate()
    source_key = str(request.GET.get("cb", ""))[:64]
    token = str(request.GET.get("t", ""))[:64]
    key = (number, request.GET.urlencode(), translation.get_language(), today)
    page = remembered_page(key)
    if page is None:
        page = _verify_page(request, number=number, source_key=source_key, token=token)
        remember_page(key, page)
    if page.certificate_ids:
        lookups_record(certificate_ids=list(page.certificate_ids))
    return HttpResponse(page.body, status=page.status)


def _verify_page(
    request: HttpRequest, *, number: str, source_key: str, token: str
) -> RememberedPage:
    today = timezone.localdate()
    rows = certificates_by_number(number=number, source_key=source_key)
    if not rows:
        response = _page(request, "registry/not_found.html", {"number": number}, status=404)
        return RememberedPage(404, response.content.decode(), ())
    cards = [_card(row, today) for row in rows]
    issued_by = ""
    if token:
        for card in cards:
            row = card["row"]
            if qr_token_matches(
                source_key=row.source.key,
                number=row.number,
                generation=row.source.qr_generation,
                token=token,
            ):
                card["qr_issued"] = True
                issued_by = row.source.name
        cards.sort(key=lambda card: not card.get("qr_issued"))
    context = {
        "number": rows[0].number,
        "cards": cards,
        "token": token,
        "qr_valid": bool(token) and bool(issued_by),
        "qr_invalid": bool(token) and not issued_by,
        "issued_by": issued_by,
        "json_url": api_path(rows[0].number),
    }
    response = _page(request, "registry/verify.html", context)
    return RememberedPage(200, response.content.decode(), tuple(row.pk for row in rows))


def keys_document_data() -> dict[str, Any]:
    active_key()  # the first key is made on first use
    keys = []
    for key in signing_keys():
        keys.append(
            {
                "kid": key.kid,
                "alg": ALG,
                "public_key": key.public_key,
                "valid_from": _utc(key.valid_from),
                "valid_until": _utc(key.retired_at) if key.retired_at else None,
                "status": "retired" if key.retired_at else "current",
            }
        )
    return {
        "issuer": settings.BASE_URL,
        "canonical_form": (
            "Ed25519 over the answer's data as JSON with keys sorted, separators ',' and ':', "
            "non-ASCII characters unescaped, UTF-8"
        ),
        "keys": keys,
    }


def _utc(moment: Any) -> str:
    return answered_at(moment)


@require_GET
def keys_document(request: HttpRequest) -> HttpResponse:
    """`/.well-known/qms-registry-keys.json`: every public key, current and retired."""
    body = json.dumps(keys_document_data(), indent=2, sort_keys=True)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
