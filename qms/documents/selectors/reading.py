"""Reads of distribution and read-and-acknowledge: the "to read" list, the matrix of who
has read what, and each person's acknowledgements as training evidence.

An acknowledgement is "read" once signed, "overdue" when still pending after its due date,
otherwise "pending". Only acknowledgements of effective revisions are pending: when a
revision is superseded or withdrawn, its unsigned acknowledgements are no longer required
and are listed nowhere (the signed ones stay, as evidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ..choices import RevisionStatus
from ..models import Acknowledgement, Document, DocumentDistribution, DocumentRevision

READ = "read"
PENDING = "pending"
OVERDUE = "overdue"
STATUS_LABELS = {READ: "Read", PENDING: "Pending", OVERDUE: "Overdue"}


def acknowledgement_status(acknowledgement: Acknowledgement, *, today: date | None = None) -> str:
    if acknowledgement.acknowledged_at is not None:
        return READ
    today = today or timezone.localdate()
    if acknowledgement.due_on is not None and acknowledgement.due_on < today:
        return OVERDUE
    return PENDING


def _acknowledgements(*, user: Any, organization: Any) -> QuerySet[Acknowledgement]:
    """The acknowledgements `user` may see: everyone's for managers and auditors, their own
    for everyone else (the role matrix, qms/documents/permissions.py)."""
    return Acknowledgement.objects.for_user(user, "view", organization=organization)


def acknowledgements_to_read(*, user: Any, organization: Any) -> QuerySet[Acknowledgement]:
    """The user's pending acknowledgements of effective revisions, soonest due first, with
    their revision and document (one query)."""
    return (
        _acknowledgements(user=user, organization=organization)
        .filter(user=user, acknowledged_at__isnull=True, revision__status=RevisionStatus.EFFECTIVE)
        .select_related("revision", "revision__document", "revision__document__owner")
        .order_by("due_on", "id")
    )


def acknowledgements_of_user(*, user: Any, organization: Any) -> QuerySet[Acknowledgement]:
    """Training evidence: every revision the user has signed as read and understood in the
    organization, newest first, with the revision, document and signature (one query).

    Reads unscoped by role: the competence module decides who may see a person's evidence.
    """
    return (
        Acknowledgement.objects.for_organization(organization)
        .filter(user=user, acknowledged_at__isnull=False)
        .select_related("revision", "revision__document", "signature")
        .order_by("-acknowledged_at", "-id")
    )


def acknowledgement_list(
    *, user: Any, organization: Any, mine: bool = False
) -> QuerySet[Acknowledgement]:
    """For the API: the user's own (`mine`) or all they may see, pending of effective
    revisions and signed ones (never the no-longer-required ones)."""
    queryset = _acknowledgements(user=user, organization=organization)
    if mine:
        queryset = queryset.filter(user=user)
    return (
        queryset.exclude(
            acknowledged_at__isnull=True,
            revision__status__in=[RevisionStatus.SUPERSEDED, RevisionStatus.OBSOLETE],
        )
        .select_related("revision", "revision__document", "user")
        .order_by("-requested_at", "id")
    )


def acknowledgement_get(*, user: Any, organization: Any, pk: int) -> Acknowledgement:
    """One acknowledgement the user may see (DoesNotExist → 404 otherwise)."""
    return (
        _acknowledgements(user=user, organization=organization)
        .select_related("revision", "revision__document", "user", "signature")
        .get(pk=pk)
    )


def distribution_of(*, document: Document) -> list[DocumentDistribution]:
    return list(
        DocumentDistribution.objects.filter(
            organization_id=document.organization_id, document=document
        )
        .select_related("user", "process")
        .order_by("kind", "role", "id")
    )


# --- The matrices --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    acknowledgement: Acknowledgement
    status: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Column:
    revision: DocumentRevision
    total: int = 0
    read: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.read / self.total) if self.total else 0


@dataclass
class Row:
    user: Any
    cells: list[Cell | None] = field(default_factory=list)


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def revision_readers(*, revision: DocumentRevision) -> list[Cell]:
    """Who was asked to read `revision`, with their status (one query): the document page's
    panel."""
    today = timezone.localdate()
    acknowledgements = (
        Acknowledgement.objects.filter(organization_id=revision.organization_id, revision=revision)
        .select_related("user")
        .order_by("user__email", "id")
    )
    return [Cell(item, acknowledgement_status(item, today=today)) for item in acknowledgements]


def _matrix(acknowledgements: Iterable[Acknowledgement], status: str = "") -> Matrix:
    today = timezone.localdate()
    columns: dict[int, Column] = {}
    people: dict[int, Any] = {}
    cells: dict[tuple[int, int], Cell] = {}
    for item in acknowledgements:
        cell = Cell(item, acknowledgement_status(item, today=today))
        column = columns.setdefault(item.revision_id, Column(item.revision))
        column.total += 1
        column.read += cell.status == READ
        column.overdue += cell.status == OVERDUE
        cells[(item.user_id, item.revision_id)] = cell
        people.setdefault(item.user_id, item.user)
    ordered = sorted(
        columns.values(), key=lambda c: (c.revision.document.number.lower(), c.revision.number)
    )
    rows = []
    for user_id, user in sorted(people.items(), key=lambda pair: pair[1].email):
        row = Row(user, [cells.get((user_id, column.revision.pk)) for column in ordered])
        if status and not any(cell and cell.status == status for cell in row.cells):
            continue
        rows.append(row)
    return Matrix(columns=ordered, rows=rows)


def reading_matrix(
    *,
    user: Any,
    organization: Any,
    document: int | None = None,
    person: int | None = None,
    status: str = "",
) -> Matrix:
    """People by effective revisions: who has read which, who is pending or overdue (one
    query). Filters: a document, a person, and a status (rows with at least one such cell)."""
    queryset = (
        _acknowledgements(user=user, organization=organization)
        .filter(revision__status=RevisionStatus.EFFECTIVE)
        .select_related("user", "revision", "revision__document")
        .order_by()
    )
    if document:
        queryset = queryset.filter(revision__document_id=document)
    if person:
        queryset = queryset.filter(user_id=person)
    return _matrix(queryset, status if status in STATUS_LABELS else "")


def acknowledgements_due_reminders(*, within: date) -> Iterator[Acknowledgement]:
    """Across organizations, for the reminder rule: pending acknowledgements of effective
    revisions due on or before `within`, with reader, organization and document."""
    queryset = (
        Acknowledgement.objects.filter(
            organization__isnull=False,
            acknowledged_at__isnull=True,
            revision__status=RevisionStatus.EFFECTIVE,
            due_on__lte=within,
        )
        .select_related("user", "organization", "revision", "revision__document")
        .order_by("organization_id", "due_on", "id")
    )
    yield from queryset.iterator(chunk_size=500)
