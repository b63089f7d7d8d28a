"""Document numbers: a scheme per document type, a counter that never restarts.

A scheme's pattern is text with tokens: `{seq}` (the type's next counter value), `{seq:03}`
(zero-padded to three digits), `{year}` (the current year) and `{process}` (the code of the
document's process). Without a scheme of its own, a type uses DEFAULT_PATTERNS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.core.services import model_create, model_delete, model_update, sequence_next

from .. import events
from ..choices import DocumentType
from ..models import Document, NumberingScheme
from ..specs import NUMBERING_SCHEME

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization, Process

DEFAULT_PATTERNS: dict[str, str] = {
    DocumentType.POLICY: "POL-{seq:03}",
    DocumentType.MANUAL: "QM-{seq:02}",
    DocumentType.PROCEDURE: "QP-{seq:03}",
    DocumentType.WORK_INSTRUCTION: "WI-{seq:03}",
    DocumentType.FORM: "F-{seq:03}",
    DocumentType.RECORD: "REC-{seq:04}",
    DocumentType.EXTERNAL: "EXT-{seq:03}",
}

_TOKEN = re.compile(r"\{([^{}]*)\}")
_SEQ = re.compile(r"^seq(?::0([1-9]))?$")
_MAX_ATTEMPTS = 50  # numbers already typed by hand are skipped, this many at most


def pattern_errors(pattern: str) -> list[str]:
    """What is wrong with a pattern, in words (empty when it is usable)."""
    problems: list[str] = []
    if not pattern.strip():
        return ["Give a pattern, e.g. QP-{seq:03}."]
    seq_count = 0
    for token in _TOKEN.findall(pattern):
        if _SEQ.match(token):
            seq_count += 1
        elif token not in ("year", "process"):
            problems.append(
                f"Unknown token {{{token}}}: use {{seq}}, {{seq:03}}, {{year}} or {{process}}."
            )
    leftover = _TOKEN.sub("", pattern)
    if "{" in leftover or "}" in leftover:
        problems.append("A brace is not closed: tokens are written like {seq:03}.")
    if seq_count == 0:
        problems.append("The pattern needs the counter {seq} (or {seq:03}), or numbers repeat.")
    elif seq_count > 1:
        problems.append("Use the counter {seq} only once.")
    return problems


def validate_pattern(pattern: str) -> None:
    problems = pattern_errors(pattern)
    if problems:
        raise ValidationError({"pattern": problems})


def format_number(pattern: str, *, seq: int, year: int, process_code: str = "") -> str:
    """The number a pattern gives for these values (the pattern must be valid)."""

    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "year":
            return str(year)
        if name == "process":
            return process_code
        width = _SEQ.match(name)
        digits = width.group(1) if width else None
        return f"{seq:0{digits}d}" if digits else str(seq)

    return _TOKEN.sub(token, pattern)


def scheme_pattern(*, organization: Organization, document_type: str) -> str:
    """The organization's pattern for the type, or the default one."""
    scheme = (
        NumberingScheme.objects.for_organization(organization)
        .filter(document_type=document_type)
        .only("pattern")
        .first()
    )
    return scheme.pattern if scheme is not None else DEFAULT_PATTERNS[document_type]


def number_taken(*, organization: Organization | int, number: str, exclude_pk: Any = None) -> bool:
    """Whether a document of the organization already has this number (any letter case)."""
    queryset = Document.objects.for_organization(organization).filter(number__iexact=number)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


def document_number_next(
    *, organization: Organization, document_type: str, process: Process | None = None
) -> str:
    """The next free number for a document of this type (the counter moves on; numbers
    already typed by hand are skipped). A pattern with {process} needs a process."""
    if document_type not in DEFAULT_PATTERNS:
        raise ValidationError({"document_type": f"Unknown document type {document_type!r}."})
    pattern = scheme_pattern(organization=organization, document_type=document_type)
    code = ""
    if "{process}" in pattern:
        code = (getattr(process, "code", "") or "").strip()
        if not code:
            raise ValidationError(
                {
                    "process": "Numbers of this type include the process code: choose a process "
                    "that has a code, or type the number yourself."
                }
            )
    year = timezone.localdate().year
    with transaction.atomic():
        for _attempt in range(_MAX_ATTEMPTS):
            seq = sequence_next(
                organization_id=organization.pk, key=f"document:{document_type}", yearly=False
            )
            number = format_number(pattern, seq=seq, year=year, process_code=code)
            if not number_taken(organization=organization, number=number):
                return number
    raise ValidationError({"number": "No free number was found: type the number yourself."})


# --- Scheme CRUD ---------------------------------------------------------------------------


@transaction.atomic
def numbering_scheme_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> NumberingScheme:
    validate_pattern(str(data.get("pattern", "")))
    return model_create(
        actor=actor,
        model=NumberingScheme,
        organization=organization,
        data=data,
        fields=NUMBERING_SCHEME.fields,
        event_type=events.NUMBERING_SCHEME_CREATED,
    )


@transaction.atomic
def numbering_scheme_update(
    *,
    actor: User,
    instance: NumberingScheme,
    data: Mapping[str, Any],
    version: int | None = None,
) -> NumberingScheme:
    if "pattern" in data:
        validate_pattern(str(data["pattern"]))
    scheme, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=NUMBERING_SCHEME.fields,
        event_type=events.NUMBERING_SCHEME_UPDATED,
        version=version,
    )
    return scheme


@transaction.atomic
def numbering_scheme_delete(
    *, actor: User, instance: NumberingScheme, version: int | None = None
) -> None:
    """The type's numbers then follow the default pattern; the counter goes on."""
    model_delete(
        actor=actor, instance=instance, event_type=events.NUMBERING_SCHEME_DELETED, version=version
    )
