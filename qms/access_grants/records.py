"""The record types an access grant can open, as a registry other modules extend.

    register_record_type(RecordType(key="documents", label=..., queryset=fn, fields=...))

`queryset(organization, scope)` returns the records of the type the scope lets the external
person see (already narrowed by clause and process, see `scoped`); `fields` are the
(label, attribute path) rows of the read-only detail page; `detail_template` an optional
partial with more (a document's files, an audit's findings), fed by `detail_context`;
`pdf(obj, scope)` renders the record's report (an audit report limited to the granted
clauses, a review's pack and minutes);
`report` marks a type that is one page (the readiness report) rather than a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import HttpResponse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Scope:
    """What one grant covers: None for clauses/processes means "all"."""

    organization_id: int
    edition_ids: frozenset[int]
    clause_ids: frozenset[int] | None
    process_ids: frozenset[int] | None
    record_types: frozenset[str]
    label: str = ""  # the grant, for "Extract for …" on a report limited to its scope


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str | Promise
    queryset: Callable[[Any, Scope], QuerySet[Any]]
    fields: tuple[tuple[str | Promise, str], ...] = ()
    columns: tuple[tuple[str | Promise, str], ...] = ()
    detail_template: str | None = None
    detail_context: Callable[[Any, Scope], dict[str, Any]] | None = None
    report: Callable[[Any, Scope], dict[str, Any]] | None = None
    report_template: str | None = None
    files: Callable[[Any], Iterable[Any]] | None = None
    pdf: Callable[[Any, Scope], HttpResponse] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_TYPES: dict[str, RecordType] = {}


def register_record_type(record_type: RecordType) -> RecordType:
    existing = _TYPES.get(record_type.key)
    if existing is not None and existing != record_type:
        raise ValueError(f"Record type {record_type.key!r} is registered already.")
    _TYPES[record_type.key] = record_type
    return record_type


def record_types() -> dict[str, RecordType]:
    return dict(_TYPES)


def record_type(key: str) -> RecordType | None:
    return _TYPES.get(key)


def record_type_choices() -> list[tuple[str, str]]:
    return [(key, str(t.label)) for key, t in _TYPES.items()]


def clause_q(model: type[Model], scope: Scope, *, clause_path: str | None = None) -> Q | None:
    """Records linked to a granted clause through the generic evidence link or, for a model
    with its own clause field (`clause_path`, e.g. an audit's criteria), through that field.
    None when the grant does not restrict clauses."""
    if scope.clause_ids is None:
        return None
    from qms.standards.models import ClauseEvidence

    content_type = ContentType.objects.get_for_model(model)
    linked = ClauseEvidence.objects.filter(
        organization_id=scope.organization_id,
        content_type=content_type,
        clause_id__in=scope.clause_ids,
    ).values("object_id")
    condition = Q(pk__in=linked)
    if clause_path:
        condition |= Q(**{f"{clause_path}__in": scope.clause_ids})
    return condition


def scoped(
    queryset: QuerySet[Any],
    scope: Scope,
    *,
    process_path: str | None = None,
    clause_path: str | None = None,
    process_required: bool = False,
) -> QuerySet[Any]:
    """`queryset` narrowed to the scope: the organization, the granted clauses (if any) and
    the granted processes (if any; a record without a process stays visible unless
    `process_required`). Distinct when a many-to-many path is followed."""
    queryset = queryset.filter(organization_id=scope.organization_id)
    clauses = clause_q(queryset.model, scope, clause_path=clause_path)
    many = False
    if clauses is not None:
        queryset = queryset.filter(clauses)
        many = many or clause_path is not None
    if scope.process_ids is not None and process_path is not None:
        if process_required:
            queryset = queryset.filter(**{f"{process_path}__in": scope.process_ids})
        else:
            queryset = queryset.filter(
                Q(**{f"{process_path}__in": scope.process_ids})
                | Q(**{f"{process_path}__isnull": True})
            )
        many = True
    return queryset.distinct() if many else queryset
