"""A service's refusal (a plain `Conflict`: "only a draft survey…") shown on the generic
pages as a message, like a validation error; a stale version stays a `StaleVersion` (409)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError

from qms.core.errors import Conflict
from qms.core.views.generic import ObjectDeleteView


@contextmanager
def refusal_as_validation_error(field: str | None = None) -> Iterator[None]:
    try:
        yield
    except Conflict as error:
        if type(error) is not Conflict:
            raise  # a stale version: the generic page shows it
        raise ValidationError({field: error.message} if field else error.message) from error


class RefusableDeleteView(ObjectDeleteView):
    """The generic delete page, with the service's refusal shown as a message."""

    def perform_delete(self, obj: Any, version: int | None = None) -> None:
        with refusal_as_validation_error():
            super().perform_delete(obj, version)
