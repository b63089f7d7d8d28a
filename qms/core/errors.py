"""Domain errors that services raise and every entry point (pages, API, commands) understands.

A `Conflict` means the request was well formed but clashes with the record's current state:
an edit based on an old version, a refused workflow transition. Pages show the message and
change nothing; the API answers 409 in its one error shape; commands exit non-zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Conflict(Exception):
    """The request clashes with the current state of a record; nothing was written."""

    code = "conflict"

    def __init__(self, message: str, *, errors: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})


class StaleVersion(Conflict):
    """An edit based on version N of a record that has moved on to version M.

    `changes` maps each field that someone else changed since version N to its stored
    value now, so a form can show the editor what changed.
    """

    code = "stale"

    def __init__(
        self,
        *,
        expected: int,
        current: int,
        changes: Mapping[str, Any] | None = None,
        label: str = "record",
    ) -> None:
        super().__init__(
            f"This {label} was changed by someone else (version {current}, you edited "
            f"version {expected}). Nothing was saved: reload it and apply your change again."
        )
        self.expected = expected
        self.current = current
        self.changes = dict(changes or {})


class TransitionRefused(Conflict):
    """A workflow transition whose source state, guard, reason or signature is not met."""

    code = "transition_refused"
