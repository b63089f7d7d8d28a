"""The readiness report as the external portal shows it: the report's data (readiness.data)
narrowed to the grant's scope before the readiness partials render it.

- only the granted standards, and within them only the granted clauses (when the grant
  restricts clauses): clause rows and the "lacking evidence" list;
- evidence: drafts are left out; a record whose type is not granted, or whose process is
  outside the granted processes, is not named: the row says "n other records";
- gaps: their message and count stay; the titles of the records behind them stay only for
  records whose type is granted and that are in the scope.

The summary figures (percentage, counts) stay those of the whole report: they name nothing.
A record is recognised by its URL (namespace and pk), the one link the report keeps; the
records in scope are read with one query per record type, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.urls import Resolver404, resolve
from django.utils.translation import ngettext

from qms.readiness.selectors.states import EFFECTIVE

from .records import Scope, record_types

# The URL namespace of a record's page → the portal's record type key.
NAMESPACE_TYPES = {
    "documents": "documents",
    "nonconformities": "nonconformities",
    "risks": "risks",
    "objectives": "objectives",
    "internal_audits": "internal_audits",
    "management_reviews": "management_reviews",
    "organizations": "processes",
}


def record_of(url: str | None) -> tuple[str, int] | None:
    """(record type key, pk) of a record's page URL; None when not a portal record type."""
    if not url:
        return None
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return None
    key = NAMESPACE_TYPES.get(match.namespace)
    pk = match.kwargs.get("pk")
    if key is None or pk is None:
        return None
    try:
        return key, int(pk)
    except (TypeError, ValueError):
        return None


def visible_records(
    organization: Any, scope: Scope, urls: Iterable[str | None]
) -> set[tuple[str, int]]:
    """The records among `urls` the grant shows: a granted type, and in its scope (one query
    per type)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for url in urls:
        found = record_of(url)
        if found is not None and found[0] in scope.record_types:
            wanted[found[0]].add(found[1])
    types = record_types()
    visible: set[tuple[str, int]] = set()
    for key, pks in wanted.items():
        record_type = types.get(key)
        if record_type is None or record_type.report is not None:
            continue
        in_scope = record_type.queryset(organization, scope).filter(pk__in=pks)
        visible.update((key, pk) for pk in in_scope.values_list("pk", flat=True))
    return visible


def _others(count: int) -> dict[str, Any]:
    text = ngettext("%(count)d other record", "%(count)d other records", count) % {"count": count}
    return {"title": text, "url": None, "state": "", "reviewed": False, "via": "", "other": True}


def _granted_rows(scope: Scope, editions: list[dict[str, Any]]) -> set[int] | None:
    """The clause rows (leaf clauses) the grant covers: a granted clause and its subclauses
    (granting 9.2 covers 9.2.1 and 9.2.2). None when the grant does not restrict clauses."""
    if scope.clause_ids is None:
        return None
    from qms.standards.models import Clause

    granted = set(
        Clause.objects.filter(pk__in=scope.clause_ids).values_list("edition_id", "number")
    )
    rows: set[int] = set()
    for edition in editions:
        prefixes = [number for edition_id, number in granted if edition_id == edition["edition_id"]]
        for group in edition.get("groups", []):
            for line in group.get("clauses", []):
                number = str(line.get("number") or "")
                if line.get("clause_id") in scope.clause_ids or any(
                    number == prefix or number.startswith(f"{prefix}.") for prefix in prefixes
                ):
                    rows.add(line["clause_id"])
    return rows


def scoped_readiness(data: dict[str, Any], *, organization: Any, scope: Scope) -> dict[str, Any]:
    """`data` (readiness.data.report_data) limited to what the grant may see."""
    editions = [
        item for item in data.get("editions", []) if item.get("edition_id") in scope.edition_ids
    ]
    clauses = _granted_rows(scope, editions)
    lines = [
        line
        for edition in editions
        for group in edition.get("groups", [])
        for line in group.get("clauses", [])
        if clauses is None or line.get("clause_id") in clauses
    ]
    urls = [ev.get("url") for line in lines for ev in line.get("evidence", [])]
    urls += [item.get("url") for gap in data.get("gaps", []) for item in gap.get("items", [])]
    visible = visible_records(organization, scope, urls)

    def shown(url: str | None) -> bool:
        found = record_of(url)
        return found is not None and found in visible

    result_editions = []
    for edition in editions:
        groups = []
        for group in edition.get("groups", []):
            rows = []
            for line in group.get("clauses", []):
                if clauses is not None and line.get("clause_id") not in clauses:
                    continue
                evidence = [ev for ev in line.get("evidence", []) if ev.get("state") == EFFECTIVE]
                kept = [ev for ev in evidence if shown(ev.get("url"))]
                hidden = len(evidence) - len(kept)
                rows.append({**line, "evidence": kept + ([_others(hidden)] if hidden else [])})
            if rows:
                groups.append({**group, "clauses": rows})
        result_editions.append({**edition, "groups": groups})
    gaps = []
    for gap in data.get("gaps", []):
        items = [item for item in gap.get("items", []) if shown(item.get("url"))]
        # The count stays in the message; only records the grant shows are named.
        gaps.append({**gap, "items": items})
    shown_rows = {line.get("clause_id") for line in lines}
    lacking = [item for item in data.get("lacking", []) if item.get("clause_id") in shown_rows]
    return {**data, "editions": result_editions, "gaps": gaps, "lacking": lacking}
