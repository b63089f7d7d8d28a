"""Audit checklists: generated per clause from the audit's criteria, answered item by item.

`checklist_generate` builds one item per leaf clause under each criteria clause and per
question of the question bank (questions.py, our own wording), in clause order. Generating
again adds the items of newly chosen clauses and never touches answered ones. A follow-up
audit (audit.previous) shows the earlier answer and notes beside each item and starts blank,
so what is re-checked is visible.

`checklist_answer` records one answer (guarded: the audit must be in progress, the actor in
its team; optimistic concurrency on the item's version; sending the same answer again is a
no-op, so the offline queue of the checklist page may resend safely). A graded answer raises
or updates the item's finding (findings.py), which for minor and major nonconformities
creates the record in the nonconformity register.

Its event types are in events.py, its permissions in permissions.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from qms.core.audit import record_event
from qms.core.errors import Conflict
from qms.core.services import lock_for_change, model_update

from . import events, findings
from .choices import AuditStatus, ChecklistAnswer, FindingGrade
from .models import Audit, ChecklistItem, Finding
from .questions import questions_for

ANSWER_FIELDS = ("answer", "notes", "evidence_notes")


# --- Criteria ---------------------------------------------------------------------------------


def criteria_leaves(audit: Audit) -> list[Any]:
    """The leaf clauses under each of the audit's criteria clauses (a chosen leaf is itself),
    requirements only, in clause order, each once; a clause the organization declared not
    applicable (and what is under it) is left out. Three queries whatever the size."""
    from qms.standards.models import Clause, ClauseApplicability

    chosen = list(audit.clauses.all().only("id", "edition_id"))
    if not chosen:
        return []
    editions = {clause.edition_id for clause in chosen}
    every = list(
        Clause.objects.filter(edition_id__in=editions)
        .select_related("edition__standard", "hs_core_ref")
        .order_by("edition_id", "sort_key", "id")
    )
    children: dict[int | None, list[Any]] = defaultdict(list)
    for clause in every:
        children[clause.parent_id].append(clause)
    excluded = set(
        ClauseApplicability.objects.for_organization(audit.organization_id)
        .filter(clause__edition_id__in=editions)
        .values_list("clause_id", flat=True)
    )
    found: dict[int, Any] = {}

    def walk(clause: Any) -> None:
        if clause.pk in excluded:
            return
        kids = children.get(clause.pk, [])
        if not kids:
            if clause.is_requirement:
                found.setdefault(clause.pk, clause)
            return
        for kid in kids:
            walk(kid)

    by_id = {clause.pk: clause for clause in every}
    for clause in chosen:
        if clause.pk in by_id:
            walk(by_id[clause.pk])
    order = {clause.pk: index for index, clause in enumerate(every)}
    return sorted(found.values(), key=lambda clause: order[clause.pk])


# --- Generate ---------------------------------------------------------------------------------


def _previous_answers(audit: Audit) -> dict[tuple[int | None, str], tuple[str, str]]:
    if audit.previous_id is None:
        return {}
    rows = ChecklistItem.objects.filter(
        organization_id=audit.organization_id, audit_id=audit.previous_id
    ).values_list("clause_id", "question", "answer", "notes")
    return {(clause_id, question): (answer, notes) for clause_id, question, answer, notes in rows}


@transaction.atomic
def checklist_generate(*, actor: Any, audit: Audit) -> int:
    """Create the audit's checklist items from its criteria; return how many were added.

    Idempotent: items already there (answered or not) stay; items of clauses added to the
    criteria since are added; positions follow clause order. A follow-up audit copies the
    previous audit's answer and notes beside each item (previous_answer/previous_notes) and
    leaves the answer blank. Refused once the audit is reported, closed or cancelled."""
    locked = lock_for_change(audit, version=None)
    if locked.status not in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS):
        raise Conflict(
            f"Audit {locked.number} is {locked.get_status_display().lower()}: its checklist "
            "is no longer changed."
        )
    leaves = criteria_leaves(locked)
    existing = {
        (item.clause_id, item.question): item
        for item in ChecklistItem.objects.filter(
            organization_id=locked.organization_id, audit=locked
        )
    }
    previous = _previous_answers(locked)
    wanted: list[tuple[Any, str]] = [
        (clause, question) for clause in leaves for question in questions_for(clause)
    ]
    new: list[ChecklistItem] = []
    moved: list[ChecklistItem] = []
    position = 0
    for clause, question in wanted:
        position += 10
        item = existing.get((clause.pk, question))
        if item is not None:
            if item.position != position:
                item.position = position
                moved.append(item)
            continue
        before_answer, before_notes = previous.get((clause.pk, question), ("", ""))
        new.append(
            ChecklistItem(
                organization_id=locked.organization_id,
                audit=locked,
                clause=clause,
                position=position,
                question=question,
                guidance=clause.guidance or "",
                previous_answer=before_answer,
                previous_notes=before_notes,
            )
        )
    # Items of clauses no longer in the criteria keep their place after the others.
    wanted_keys = {(clause.pk, question) for clause, question in wanted}
    for key, item in sorted(existing.items(), key=lambda pair: pair[1].position):
        if key not in wanted_keys:
            position += 10
            if item.position != position:
                item.position = position
                moved.append(item)
    if moved:
        ChecklistItem.objects.for_organization(locked.organization_id).bulk_update(
            moved, ["position"], batch_size=500
        )
    if new:
        ChecklistItem.objects.bulk_create(new, batch_size=500)
    record_event(
        actor=actor,
        event_type=events.CHECKLIST_GENERATED,
        subject=locked,
        data={
            "added": len(new),
            "kept": len(existing),
            "clauses": sorted({str(clause.number) for clause, _question in wanted}),
            "follow_up_of": locked.previous_id,
        },
    )
    return len(new)


# --- Answer -----------------------------------------------------------------------------------


def state_problem(audit: Audit) -> str | None:
    """Why the audit's checklist may not be answered in its current state (None if it may)."""
    if audit.status == AuditStatus.PLANNED:
        return (
            f"Audit {audit.number} has not started: start the audit first, then answer its "
            "checklist."
        )
    if audit.status != AuditStatus.IN_PROGRESS:
        return (
            f"Audit {audit.number} is {audit.get_status_display().lower()}: its checklist can "
            "no longer be changed."
        )
    return None


def team_problem(*, actor: Any, audit: Audit) -> str | None:
    """Why `actor` may not answer: only the audit team does (None for the system itself)."""
    if actor is None or getattr(actor, "pk", None) is None:
        return None
    team = {audit.lead_auditor_id, *(user.pk for user in audit.auditors.all())}
    if actor.pk not in team:
        return "Only the audit team (the lead auditor and the auditors) answers its checklist."
    return None


def answer_problem(*, actor: Any, audit: Audit) -> str | None:
    """Why `actor` may not answer `audit`'s checklist now (None when they may)."""
    return state_problem(audit) or team_problem(actor=actor, audit=audit)


@transaction.atomic
def checklist_answer(
    *,
    actor: Any,
    item: ChecklistItem,
    answer: str,
    notes: str = "",
    evidence_notes: str = "",
    version: int | None = None,
) -> ChecklistItem:
    """Record the answer to one checklist item. Refused while the audit is planned (start it
    first) or once it is reported; refused for someone outside the audit team; a graded
    answer needs notes (the finding's statement). Sending the stored values again changes
    nothing (the offline queue may resend); an edit based on an older version is refused
    (StaleVersion). Going back to conform withdraws an observation or improvement finding
    and is refused when the finding is already a nonconformity record."""
    answer = "" if answer is None else str(answer)
    if answer not in ChecklistAnswer.values:
        raise ValidationError({"answer": f"{answer!r} is not one of the answers."})
    notes = (notes or "").strip()
    evidence_notes = (evidence_notes or "").strip()
    if answer in FindingGrade.values and not notes:
        raise ValidationError(
            {"notes": "Describe what you found: the notes become the finding's statement."}
        )
    locked = lock_for_change(item, version=None)
    audit = (
        Audit.objects.for_organization(locked.organization_id)
        .select_related("lead_auditor")
        .get(pk=locked.audit_id)
    )
    problem = state_problem(audit)
    if problem:
        raise Conflict(problem)
    problem = team_problem(actor=actor, audit=audit)
    if problem:
        raise PermissionDenied(problem)
    values = {"answer": answer, "notes": notes, "evidence_notes": evidence_notes}
    if all(getattr(locked, name) == value for name, value in values.items()):
        return locked  # the same answer again (a resend): nothing to record
    if version is not None and version != locked.version:
        lock_for_change(item, version=version)  # raises StaleVersion, naming what changed
    if answer not in FindingGrade.values:
        findings.finding_withdraw(actor=actor, item=locked, answer=answer)
    elif locked.answer in FindingGrade.values:
        problem = _regrade_problem(locked, answer)
        if problem:
            raise Conflict(problem)
    answered = bool(answer)
    updated, _changed = model_update(
        actor=actor,
        instance=locked,
        data={
            **values,
            "answered_by": actor if answered and getattr(actor, "pk", None) else None,
            "answered_at": timezone.now() if answered else None,
        },
        fields=(*ANSWER_FIELDS, "answered_by", "answered_at"),
        event_type=events.CHECKLIST_ANSWERED,
        version=version,
    )
    if answer in FindingGrade.values:
        findings.finding_raise(actor=actor, item=updated)
    return updated


def _regrade_problem(item: ChecklistItem, answer: str) -> str | None:
    """A finding that is already a nonconformity stays a nonconformity (minor or major)."""
    from .choices import NONCONFORMITY_GRADES

    if answer in NONCONFORMITY_GRADES:
        return None
    return findings.withdraw_problem(item)


# --- Reads ------------------------------------------------------------------------------------


def checklist_items(*, user: Any, organization: Any, audit: Audit) -> QuerySet[ChecklistItem]:
    return (
        ChecklistItem.objects.for_user(user, "view", organization=organization)
        .filter(audit_id=audit.pk)
        .select_related("clause", "clause__edition__standard", "answered_by")
        .order_by("position", "id")
    )


@dataclass
class ClauseGroup:
    """The items of one clause on the checklist page."""

    clause: Any
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answer)


@dataclass
class ChecklistProgress:
    total: int
    answered: int
    by_answer: dict[str, int]

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def group_by_clause(items: list[ChecklistItem]) -> list[ClauseGroup]:
    groups: list[ClauseGroup] = []
    for item in items:
        if not groups or groups[-1].clause != item.clause:
            groups.append(ClauseGroup(clause=item.clause))
        groups[-1].items.append(item)
    return groups


def progress(items: list[ChecklistItem]) -> ChecklistProgress:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.answer or ""] += 1
    total = len(items)
    return ChecklistProgress(total=total, answered=total - counts.get("", 0), by_answer=counts)


def findings_by_item(items: list[ChecklistItem]) -> dict[int, Finding]:
    """checklist item id -> its finding (with its nonconformity), one query."""
    if not items:
        return {}
    rows = Finding.objects.filter(
        organization_id=items[0].organization_id, checklist_item_id__in=[i.pk for i in items]
    ).select_related("nonconformity")
    return {row.checklist_item_id: row for row in rows if row.checklist_item_id is not None}
