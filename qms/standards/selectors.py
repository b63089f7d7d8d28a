"""Reads of the standards app: the library, adopted editions, clause trees and evidence.

The contract other modules code against:

    clauses_for_subject(subject=document) -> list[Clause]
    clauses_for_subjects(subjects=page_of_documents) -> {document.pk: [Clause, ...]}  # 1 query
    clause_choices(organization=org) -> QuerySet[Clause]   # for a "linked clauses" field
    clause_get(urn_or_pk="urn:qms:iso:9001:2015:clause:7.5") / edition_get(urn=...)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, QuerySet

from qms.core.querysets import owning_organization_id

from .choices import EvidenceStatus, Relation
from .models import (
    Clause,
    ClauseApplicability,
    ClauseEvidence,
    ClauseMapping,
    OrganizationStandard,
    Standard,
    StandardEdition,
    TransitionRule,
)

_CLAUSE_RELATED = ("edition__standard",)


# --- The contract for other modules -------------------------------------------------------


def clauses_for_subject(*, subject: Model) -> list[Clause]:
    """The clauses a record is linked to as evidence, in edition and clause order."""
    return clauses_for_subjects(subjects=[subject]).get(subject.pk, [])


def clauses_for_subjects(*, subjects: Sequence[Model]) -> dict[int, list[Clause]]:
    """{subject pk: its linked clauses} for a page of records of one model: one query."""
    result: dict[int, list[Clause]] = {subject.pk: [] for subject in subjects}
    if not subjects:
        return result
    content_type = ContentType.objects.get_for_model(subjects[0])
    organizations = {owning_organization_id(subject) for subject in subjects} - {None}
    links = (
        ClauseEvidence.objects.filter(
            organization_id__in=organizations,
            content_type=content_type,
            object_id__in=list(result),
        )
        .select_related("clause__edition__standard")
        .order_by("clause__edition__standard__code", "clause__edition__edition", "clause__sort_key")
    )
    for link in links:
        result[link.object_id].append(link.clause)
    return result


def clause_choices(*, organization: Any) -> QuerySet[Clause]:
    """Clauses of the editions the organization adopted, by edition then clause order."""
    adopted = OrganizationStandard.objects.for_organization(organization).values("edition_id")
    return (
        Clause.objects.filter(edition_id__in=adopted)
        .select_related(*_CLAUSE_RELATED)
        .order_by("edition__standard__code", "edition__edition", "sort_key")
    )


def clause_get(*, urn_or_pk: str | int) -> Clause:
    """A clause by its URN or primary key (Clause.DoesNotExist when there is none)."""
    queryset = Clause.objects.select_related(*_CLAUSE_RELATED, "parent", "hs_core_ref")
    if isinstance(urn_or_pk, str) and urn_or_pk.startswith("urn:"):
        return queryset.get(urn=urn_or_pk)
    if isinstance(urn_or_pk, str) and not urn_or_pk.isdigit():
        raise Clause.DoesNotExist(f"No clause {urn_or_pk!r}.")
    return queryset.get(pk=int(urn_or_pk))


def edition_get(*, urn: str) -> StandardEdition:
    return StandardEdition.objects.select_related("standard", "superseded_by").get(urn=urn)


# --- Library and adoption ---------------------------------------------------------------


def standard_list() -> QuerySet[Standard]:
    editions = StandardEdition.objects.select_related("superseded_by__standard").order_by("edition")
    return Standard.objects.prefetch_related(Prefetch("editions", queryset=editions))


def edition_list() -> QuerySet[StandardEdition]:
    return StandardEdition.objects.select_related("standard", "superseded_by__standard")


def adopted_list(*, user: Any, organization: Any) -> QuerySet[OrganizationStandard]:
    return (
        OrganizationStandard.objects.for_user(user, "view", organization=organization)
        .select_related("edition__standard")
        .order_by("edition__standard__code", "edition__edition")
    )


def adopted_edition_ids(*, organization: Any) -> list[int]:
    return list(
        OrganizationStandard.objects.for_organization(organization).values_list(
            "edition_id", flat=True
        )
    )


def evidence_list(*, user: Any, organization: Any) -> QuerySet[ClauseEvidence]:
    return ClauseEvidence.objects.for_user(user, "view", organization=organization)


def applicability_list(*, user: Any, organization: Any) -> QuerySet[ClauseApplicability]:
    return ClauseApplicability.objects.for_user(user, "view", organization=organization)


# --- The clause tree of an adopted edition ----------------------------------------------


@dataclass
class EvidenceItem:
    evidence: ClauseEvidence
    title: str
    url: str | None
    via: str | None = None  # "ISO 14001 §7.5" when linked to an equivalent clause


@dataclass
class ClauseRow:
    clause: Clause
    status: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    justification: str = ""
    is_leaf: bool = True

    @property
    def status_label(self) -> str:
        return str(EvidenceStatus(self.status).label)


@dataclass
class Group:
    clause: Clause
    rows: list[ClauseRow]
    ready: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.ready / self.total) if self.total else 100


def _evidence_items(
    evidence: Sequence[ClauseEvidence], via: str | None = None
) -> list[EvidenceItem]:
    items = []
    for link in evidence:
        shown = link.subject_link()
        items.append(EvidenceItem(link, str(shown["title"]), shown["url"], via))
    return items


def clause_tree(*, organization: Any, edition: StandardEdition) -> list[Group]:
    """The edition's clauses grouped by top-level clause (4-10; Annex A by theme), each with
    its evidence (direct, or linked to the harmonized-structure equivalent in another
    adopted standard), its status and each group's readiness. A constant number of queries:
    clauses, adopted editions, evidence (+ one per kind of linked record), applicability."""
    clauses = list(
        Clause.objects.filter(edition=edition).select_related(*_CLAUSE_RELATED).order_by("sort_key")
    )
    adopted = adopted_edition_ids(organization=organization)
    links = list(
        ClauseEvidence.objects.for_organization(organization)
        .filter(clause__edition_id__in=[*adopted, edition.pk])
        .select_related("clause__edition__standard", "reviewed_by")
        .prefetch_related("subject")
        .order_by("id")
    )
    excluded = {
        row.clause_id: row.justification
        for row in ClauseApplicability.objects.for_organization(organization).filter(
            clause__edition=edition
        )
    }
    return _build_tree(clauses, links, excluded, edition)


def _build_tree(
    clauses: list[Clause],
    links: list[ClauseEvidence],
    excluded: dict[int, str],
    edition: StandardEdition,
) -> list[Group]:
    direct: dict[int, list[ClauseEvidence]] = defaultdict(list)
    by_hs: dict[int, list[ClauseEvidence]] = defaultdict(list)
    for link in links:
        if link.clause.edition_id == edition.pk:
            direct[link.clause_id].append(link)
        elif link.clause.hs_core_ref_id is not None:
            by_hs[link.clause.hs_core_ref_id].append(link)
    parents = {clause.parent_id for clause in clauses if clause.parent_id}
    excluded = dict(excluded)
    groups: list[Group] = []
    for clause in clauses:
        if clause.parent_id in excluded and clause.pk not in excluded:
            excluded[clause.pk] = excluded[clause.parent_id]  # excluding 8.3 excludes 8.3.x
        items = _evidence_items(direct.get(clause.pk, []))
        if clause.hs_core_ref_id is not None:
            for link in by_hs.get(clause.hs_core_ref_id, []):
                items += _evidence_items([link], via=link.clause.reference)
        if clause.pk in excluded:
            status = EvidenceStatus.NOT_APPLICABLE
        elif any(item.evidence.reviewed_at and item.via is None for item in items):
            status = EvidenceStatus.REVIEWED
        elif items:
            status = EvidenceStatus.EVIDENCE
        else:
            status = EvidenceStatus.NONE
        row = ClauseRow(
            clause, status, items, excluded.get(clause.pk, ""), clause.pk not in parents
        )
        if clause.parent_id is None:
            groups.append(Group(clause, [row], 0, 0))
        elif groups:
            groups[-1].rows.append(row)
    for group in groups:
        leaves = [
            row for row in group.rows if row.is_leaf and row.status != EvidenceStatus.NOT_APPLICABLE
        ]
        group.total = len(leaves)
        group.ready = sum(1 for row in leaves if row.status != EvidenceStatus.NONE)
    return groups


def clause_section(*, organization: Any, clause: Clause) -> list[ClauseRow]:
    """The clause and its sub-clauses as rows of the clause tree (for the clause page)."""
    groups = clause_tree(organization=organization, edition=clause.edition)
    prefix = f"{clause.sort_key}."
    return [
        row
        for group in groups
        for row in group.rows
        if row.clause.pk == clause.pk or row.clause.sort_key.startswith(prefix)
    ]


def clause_equivalents(*, clause: Clause) -> list[Clause]:
    """Clauses of other editions sharing the clause's harmonized-structure core clause."""
    if clause.hs_core_ref_id is None:
        return []
    return list(
        Clause.objects.filter(hs_core_ref_id=clause.hs_core_ref_id)
        .exclude(edition_id=clause.edition_id)
        .select_related(*_CLAUSE_RELATED)
        .order_by("edition__standard__code", "edition__edition")
    )


# --- Edition transition ---------------------------------------------------------------


@dataclass
class CarryOver:
    clause: Clause
    evidence: list[EvidenceItem]
    targets: list[ClauseMapping]


@dataclass
class TransitionDiff:
    rule: TransitionRule | None
    old: StandardEdition
    new: StandardEdition
    changes: dict[str, list[ClauseMapping]]
    carry_over: list[CarryOver]

    @property
    def without_target(self) -> list[CarryOver]:
        return [item for item in self.carry_over if not item.targets]


def transition_rules() -> QuerySet[TransitionRule]:
    return TransitionRule.objects.select_related(
        "old_edition__standard", "new_edition__standard"
    ).order_by("old_edition__standard__code", "old_edition__edition")


def edition_transition(
    *, organization: Any, old: StandardEdition, new: StandardEdition
) -> TransitionDiff:
    """What changes from `old` to `new` (every relation but "equal"), and for each old
    clause with the organization's evidence, the new clause(s) the evidence carries to."""
    mappings = list(
        ClauseMapping.objects.filter(from_edition=old, to_edition=new)
        .select_related("from_clause", "to_clause")
        .order_by("from_clause__sort_key", "to_clause__sort_key")
    )
    changes: dict[str, list[ClauseMapping]] = {
        relation: [] for relation in Relation.values if relation != Relation.EQUAL
    }
    targets: dict[int, list[ClauseMapping]] = defaultdict(list)
    for mapping in mappings:
        if mapping.relation != Relation.EQUAL:
            changes[mapping.relation].append(mapping)
        if mapping.from_clause_id is not None and mapping.to_clause_id is not None:
            targets[mapping.from_clause_id].append(mapping)
    links = (
        ClauseEvidence.objects.for_organization(organization)
        .filter(clause__edition=old)
        .select_related("clause__edition__standard")
        .prefetch_related("subject")
        .order_by("clause__sort_key", "id")
    )
    by_clause: dict[int, CarryOver] = {}
    for link in links:
        item = by_clause.setdefault(
            link.clause_id, CarryOver(link.clause, [], targets.get(link.clause_id, []))
        )
        item.evidence += _evidence_items([link])
    rule = transition_rules().filter(old_edition=old, new_edition=new).first()
    return TransitionDiff(rule, old, new, changes, list(by_clause.values()))
