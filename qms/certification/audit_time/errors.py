"""The one error of the audit-time calculator."""

from __future__ import annotations


class AuditTimeError(ValueError):
    """Input the calculator refuses, with the input `field` it is about (None: the whole
    calculation), so a form or the API can show the message next to that field.

    `str(error)` is one readable line (no newline), as the CLI prints it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
