"""Reads of the document register: the filtered list, a document's revisions, the clauses
linked to a page of documents (one query) and the diff between two revisions' texts."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qms.standards.selectors import clauses_for_subjects

from ..models import Document, DocumentRevision


def document_list(
    *, user: Any, organization: Any, filters: Mapping[str, Any] | None = None, request: Any = None
) -> QuerySet[Document]:
    """The documents the user may see, filtered (the register's FilterSet: type, status,
    process, owner, confidentiality, clause, review state, q) and ordered by number. The
    owner, process and effective revision come in the same query; an invalid filter gives
    no rows."""
    from ..filtersets import DocumentFilterSet

    queryset = (
        Document.objects.for_user(user, "view", organization=organization)
        .select_related("owner", "process", "current_revision")
        .order_by("number", "id")
    )
    if not filters:
        return queryset
    filterset = DocumentFilterSet(filters, queryset=queryset, request=request)
    if not filterset.is_valid():
        return queryset.none()
    result: QuerySet[Document] = filterset.qs
    return result


def clauses_for_documents(documents: Sequence[Document]) -> dict[int, list[Any]]:
    """{document id: [Clause]} for a page of documents, in one query (standards' evidence
    links)."""
    if not documents:
        return {}
    return clauses_for_subjects(subjects=list(documents))


def revisions_of(*, document: Document) -> QuerySet[DocumentRevision]:
    """The document's revisions, newest first, with their author and approver."""
    return (
        DocumentRevision.objects.for_organization(document.organization_id)
        .filter(document=document)
        .select_related("author", "approved_by", "file")
        .order_by("-number")
    )


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: "added", "removed" or "unchanged", with its line numbers."""

    kind: str
    text: str
    old_number: int | None
    new_number: int | None

    @property
    def marker(self) -> str:
        return {"added": "+", "removed": "-"}.get(self.kind, " ")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n") if text else []


def text_diff(old_text: str, new_text: str) -> list[DiffLine]:
    old, new = _lines(old_text), _lines(new_text)
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                result.append(
                    DiffLine("unchanged", old[i1 + offset], i1 + offset + 1, j1 + offset + 1)
                )
            continue
        for index in range(i1, i2):
            result.append(DiffLine("removed", old[index], index + 1, None))
        for index in range(j1, j2):
            result.append(DiffLine("added", new[index], None, index + 1))
    return result


def revision_diff(*, old: DocumentRevision, new: DocumentRevision) -> list[DiffLine]:
    """The lines of `new`'s text against `old`'s (native Markdown content; a revision with
    a file has no lines to compare)."""
    return text_diff(
        old.body if old.content_format == "markdown" else "",
        new.body if new.content_format == "markdown" else "",
    )


def diff_counts(lines: Iterable[DiffLine]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "unchanged": 0}
    for line in lines:
        counts[line.kind] += 1
    return counts
