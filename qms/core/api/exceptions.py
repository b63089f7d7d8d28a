"""One JSON error shape for the whole API.

    {"status": 400, "code": "invalid", "message": "Some fields are invalid.",
     "errors": {"name": ["This field is required."]}}

`errors` appears only for field errors; `non_field_errors` holds errors about the whole
object. Django's own ValidationError (raised by services), Http404, PermissionDenied and
ProtectedError/IntegrityError are translated to 400, 404, 403 and 409. A value that
clashes with an existing record (a unique name) is a 409 `unique` with its field errors,
not a 400: the request was well formed, the data conflicts.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from .. import errors


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class TooDeeplyNested(exceptions.ParseError):
    default_detail = "The request body is nested too deeply."


UNIQUE_MESSAGE = "A record with these values already exists."


def _codes(codes: Any) -> set[str]:
    if isinstance(codes, str):
        return {codes}
    if isinstance(codes, dict):
        return set().union(*(_codes(value) for value in codes.values())) if codes else set()
    if isinstance(codes, list):
        return set().union(*(_codes(value) for value in codes)) if codes else set()
    return set()


def _first_message(detail: Any) -> str | None:
    if isinstance(detail, dict):
        detail = [_first_message(value) for value in detail.values()]
    if isinstance(detail, list):
        return next((found for found in map(_first_message, detail) if found), None)
    return str(detail) if detail else None


def _unique_conflict(detail: Any) -> Conflict:
    conflict = Conflict(_first_message(detail) or UNIQUE_MESSAGE, code="unique")
    conflict.errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}  # type: ignore[attr-defined]
    return conflict


def _conflict_errors(exc: errors.Conflict) -> dict[str, list[str]]:
    """A stale edit names each field someone else changed, with its stored value."""
    if isinstance(exc, errors.StaleVersion) and not exc.errors:
        return {
            name: [f"Changed by someone else to: {'' if value is None else value}"]
            for name, value in exc.changes.items()
        }
    return exc.errors


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, errors.Conflict):
        conflict = Conflict(exc.message, code=exc.code)
        conflict.errors = _conflict_errors(exc)  # type: ignore[attr-defined]
        return conflict
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, exceptions.ValidationError) and _codes(exc.get_codes()) == {"unique"}:
        return _unique_conflict(exc.detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, ProtectedError):
        return Conflict("Other records still refer to this object; it was not deleted.")
    if isinstance(exc, IntegrityError):
        return Conflict("The change conflicts with existing data (for example a duplicate).")
    if isinstance(exc, RecursionError):
        # A parser or validator that recursed on a deeply nested body: bad input, not a bug.
        return TooDeeplyNested()
    return exc


def _first_code(codes: Any) -> str:
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    return "error"


def _messages(detail: Any, where: str = "") -> list[str]:
    """The messages of one field's errors as a flat list of strings. A list or nested
    serializer reports its errors per item or per sub-field ({"0": [...], "4": [...]}): each
    message then names where it applies ("item 1: ...", "label: ..."), so every field keeps
    the documented shape, a list of strings."""
    if isinstance(detail, dict):
        found: list[str] = []
        for key, value in detail.items():
            name = f"item {int(key) + 1}" if str(key).isdigit() else str(key)
            found += _messages(value, f"{where}{name}: ")
        return found
    if isinstance(detail, list | tuple):
        if any(isinstance(item, dict | list | tuple) for item in detail):
            # One entry per item of a list (a nested serializer with many=True).
            return [
                message
                for index, item in enumerate(detail)
                for message in _messages(item, f"{where}item {index + 1}: ")
            ]
        return [message for item in detail for message in _messages(item, where)]
    return [f"{where}{detail}"]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {"non_field_errors": _messages(detail)}
    return {str(field): _messages(value) for field, value in detail.items()}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body: dict[str, Any] = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        body.update(code="invalid", message="Some fields are invalid.", errors=errors)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        body.update(code=_first_code(exc.get_codes()), message=str(detail))
        extra = getattr(exc, "errors", None)
        if extra:
            body["errors"] = extra
    response.data = body
    return response
