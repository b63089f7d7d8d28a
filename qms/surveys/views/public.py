"""The public answer page `/s/<token>/`: no log-in, one answer per link.

A customer sees only the survey's title, introduction and questions and the organization's
display name; nothing else of the organization. The page is CSRF-protected like every form,
never cached, sends no referrer to other sites (the token is in the URL) and is not indexed. Failed
look-ups and submissions are counted per address (`_limited`), so guessing links is slow.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qms.core.middleware import client_ip

from ..services.responses import LinkRefused, link_check, response_submit

LIMIT = 30  # failed look-ups or refused submissions per address
WINDOW = 600  # seconds


def _client(request: HttpRequest) -> str:
    # The client as core trusts it (QMS_TRUSTED_PROXIES): behind a proxy REMOTE_ADDR is
    # the proxy, which would put every customer in one bucket.
    return (client_ip(request) or "")[:45]


def _limited(request: HttpRequest) -> bool:
    return int(cache.get(f"surveys:link:{_client(request)}", 0)) >= LIMIT


def _count_failure(request: HttpRequest) -> None:
    key = f"surveys:link:{_client(request)}"
    if cache.add(key, 1, WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW)


def _respond(
    request: HttpRequest, template: str, context: dict[str, Any], status: int
) -> HttpResponse:
    response = render(request, template, {**context, "public_page": True}, status=status)
    # Never to another site (the token is in the URL); "no-referrer" would make browsers
    # send "Origin: null" with the form, which the CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, refusal: LinkRefused) -> HttpResponse:
    if refusal.status == 404:
        _count_failure(request)
    titles = {404: "Survey link not valid", 409: "Already answered", 410: "Survey link closed"}
    return _respond(
        request,
        "surveys/public/refused.html",
        {"title": titles.get(refusal.status, "Survey"), "message": refusal.message},
        refusal.status,
    )


def _form_page(
    request: HttpRequest,
    invitation: Any,
    questions: list[Any],
    *,
    values: Any,
    errors: Any,
    status: int,
) -> HttpResponse:
    survey = invitation.survey
    rows = []
    for question in questions:
        key = f"q{question.pk}"
        scale = question.scale
        rows.append(
            {
                "question": question,
                "name": key,
                "value": str(values.get(key, "")) if values else "",
                "error": errors.get(key, "") if errors else "",
                "choices": [str(v) for v in range(scale[0], scale[1] + 1)] if scale else [],
                "low": scale[0] if scale else None,
                "high": scale[1] if scale else None,
            }
        )
    context = {
        "title": survey.title,
        "survey_title": survey.title,
        "survey_intro": survey.intro,
        "organization_name": invitation.organization.name,
        "rows": rows,
        "has_errors": bool(errors),
    }
    return _respond(request, "surveys/public/answer.html", context, status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        response = _respond(
            request,
            "surveys/public/refused.html",
            {
                "title": "Too many attempts",
                "message": (
                    "Too many attempts from your network: please try again in a few minutes."
                ),
            },
            429,
        )
        response["Retry-After"] = str(WINDOW)
        return response
    try:
        invitation, questions = link_check(token=token)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    if request.method != "POST":
        return _form_page(request, invitation, questions, values=None, errors=None, status=200)
    try:
        response_submit(token=token, answers=request.POST)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    except ValidationError as error:
        errors = {key: " ".join(messages) for key, messages in error.message_dict.items()}
        return _form_page(
            request, invitation, questions, values=request.POST, errors=errors, status=400
        )
    return _respond(
        request,
        "surveys/public/thanks.html",
        {"title": "Thank you", "organization_name": invitation.organization.name},
        200,
    )
