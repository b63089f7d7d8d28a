"""Audit findings: raised from checklist answers, nonconformities carried into the register.

A checklist answer graded minor, major, observation or opportunity for improvement raises the
item's finding (F-01, F-02… within the audit); the finding's statement is the auditor's notes
and its evidence the evidence seen. A minor or major finding becomes a nonconformity record
(source "internal audit", the item's clause) through the nonconformity register's own service;
the finding keeps the link, and from then on the nonconformity is handled in its register.

Nothing is deleted: when the answer goes back to conform (or not audited) while the audit is in
progress, an observation or improvement finding is withdrawn (status, when, by whom, and the
reason "answer changed to conform by <user>"), kept and shown as withdrawn, and left out of
counts, KPIs, results for management review and the audit report's findings. Grading the item
again raises the same finding again (same number). A finding that is already a nonconformity
record is never withdrawn: it is handled in the register.

Its event types are in events.py, its permissions in permissions.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from qms.core.errors import Conflict
from qms.core.services import model_create, model_update, sequence_next

from . import events
from .choices import NONCONFORMITY_GRADES, ChecklistAnswer, FindingGrade, FindingStatus
from .models import Finding

if TYPE_CHECKING:
    from .models import ChecklistItem

FINDING_FIELDS = ("grade", "statement", "evidence", "clause")
WITHDRAWAL_FIELDS = ("status", "withdrawn_at", "withdrawn_by", "withdrawn_reason")
NC_SEVERITY = {FindingGrade.MINOR: "minor", FindingGrade.MAJOR: "major"}


# --- Reads ------------------------------------------------------------------------------------


def finding_list(*, user: Any, organization: Any) -> QuerySet[Finding]:
    """The findings the user may see, with what the list and the export show (no per-row
    query): audit, clause (and its edition's standard), nonconformity."""
    return Finding.objects.for_user(user, "view", organization=organization).select_related(
        "audit",
        "clause",
        "clause__edition__standard",
        "nonconformity",
    )


def raised_q() -> Q:
    """Findings that stand (not withdrawn): the ones counted, reported and followed up."""
    return Q(status=FindingStatus.RAISED)


def open_q() -> Q:
    """Open findings: a raised nonconformity whose record is not closed (others are closed
    once the audit is reported; withdrawn findings are never open)."""
    from qms.nonconformities.choices import OPEN_STATES

    return (
        raised_q()
        & Q(grade__in=NONCONFORMITY_GRADES)
        & (Q(nonconformity__isnull=True) | Q(nonconformity__status__in=OPEN_STATES))
    )


# --- Writes -----------------------------------------------------------------------------------


def _number_next(item: ChecklistItem) -> str:
    value = sequence_next(
        organization_id=item.organization_id, key=f"ia-finding-{item.audit_id}", yearly=False
    )
    return f"F-{value:02d}"


def _nc_title(finding: Finding) -> str:
    audit = finding.audit
    clause = finding.clause
    about = (
        f"clause {clause.number} {clause.title or clause.label or ''}".strip()
        if clause is not None
        else finding.statement.splitlines()[0]
    )
    return f"{audit.number} {finding.number}: {about}"[:200]


def _nc_description(finding: Finding) -> str:
    audit = finding.audit
    lines = [
        f"Internal audit {audit.number} ({audit.title}), finding {finding.number}, graded "
        f"{finding.get_grade_display().lower()}.",
        "",
        f"Statement: {finding.statement}",
    ]
    if finding.evidence:
        lines += ["", f"Objective evidence: {finding.evidence}"]
    return "\n".join(lines)


def _process_and_owner(finding: Finding) -> tuple[Any, Any]:
    """The audited process and its owner, where known (the first audited process, by name,
    that has an owner; else the first process)."""
    processes = list(
        finding.audit.processes.filter(organization_id=finding.organization_id)
        .select_related("owner")
        .order_by("name", "id")
    )
    for process in processes:
        if process.owner_id is not None:
            return process, process.owner
    return (processes[0] if processes else None), None


def _raise_nonconformity(*, actor: Any, finding: Finding) -> Finding:
    from qms.nonconformities.choices import NonconformitySource
    from qms.nonconformities.services import nonconformity_create

    process, owner = _process_and_owner(finding)
    data: dict[str, Any] = {
        "title": _nc_title(finding),
        "description": _nc_description(finding),
        "source": NonconformitySource.INTERNAL_AUDIT,
        "severity": NC_SEVERITY[FindingGrade(finding.grade)],
        "detected_on": timezone.localdate(),
    }
    if process is not None:
        data["process"] = process
    if owner is not None:
        data["owner"] = owner
    if finding.clause is not None:
        data["clauses"] = [finding.clause]
    nonconformity = nonconformity_create(actor=actor, organization=finding.organization, data=data)
    finding, _changed = model_update(
        actor=actor,
        instance=finding,
        data={"nonconformity": nonconformity},
        fields=("nonconformity",),
        event_type=events.FINDING_NC_RAISED,
    )
    return finding


def _sync_severity(*, actor: Any, finding: Finding) -> None:
    """A minor finding re-graded major (or back) carries the grade to its open record."""
    from qms.nonconformities.services import nonconformity_update

    nonconformity = finding.nonconformity
    if nonconformity is None:
        return
    severity = NC_SEVERITY.get(FindingGrade(finding.grade))
    if severity is None or nonconformity.severity == severity:
        return
    if not nonconformity.is_open:
        raise Conflict(
            f"Nonconformity {nonconformity.number} is closed: its grade is no longer changed "
            "from the checklist."
        )
    nonconformity_update(actor=actor, instance=nonconformity, data={"severity": severity})


@transaction.atomic
def finding_raise(*, actor: Any, item: ChecklistItem) -> Finding:
    """Raise or update the finding of a checklist item from its answer, notes and evidence;
    a minor or major finding gets its nonconformity record (once). Returns the finding."""
    grade = item.answer
    if grade not in FindingGrade.values:
        raise ValueError(f"{grade!r} is not a finding grade.")
    data = {
        "grade": grade,
        "statement": item.notes.strip(),
        "evidence": item.evidence_notes.strip(),
        "clause": item.clause,
    }
    existing = (
        Finding.objects.select_for_update()
        .filter(organization_id=item.organization_id, checklist_item=item)
        .first()
    )
    if existing is None:
        finding = _create(actor=actor, item=item, data=data)
    elif existing.status == FindingStatus.WITHDRAWN:
        # Graded again: the same finding (same number) stands again, with the new content.
        finding, _changed = model_update(
            actor=actor,
            instance=existing,
            data={
                **data,
                "status": FindingStatus.RAISED,
                "withdrawn_at": None,
                "withdrawn_by": None,
                "withdrawn_reason": "",
            },
            fields=(*FINDING_FIELDS, *WITHDRAWAL_FIELDS),
            event_type=events.FINDING_RERAISED,
        )
    else:
        if existing.nonconformity_id is not None and grade not in NONCONFORMITY_GRADES:
            raise Conflict(_already_nc_message(existing))
        finding, _changed = model_update(
            actor=actor,
            instance=existing,
            data=data,
            fields=FINDING_FIELDS,
            event_type=events.FINDING_UPDATED,
        )
    if grade in NONCONFORMITY_GRADES:
        if finding.nonconformity_id is None:
            finding = _raise_nonconformity(actor=actor, finding=finding)
        else:
            _sync_severity(actor=actor, finding=finding)
    return finding


def _create(*, actor: Any, item: ChecklistItem, data: dict[str, Any]) -> Finding:
    return model_create(
        actor=actor,
        model=Finding,
        organization=item.organization,
        data={**data, "audit": item.audit, "checklist_item": item, "number": _number_next(item)},
        fields=(*FINDING_FIELDS, "audit", "checklist_item", "number"),
        event_type=events.FINDING_RAISED,
    )


def _already_nc_message(finding: Finding) -> str:
    number = finding.nonconformity.number if finding.nonconformity else ""
    return (
        f"Finding {finding.number} is already nonconformity {number} in the register; it is "
        "handled there. The answer stays as it is."
    )


def withdraw_problem(item: ChecklistItem) -> str | None:
    """Why the item's finding may not be withdrawn (None when it may, or there is none)."""
    finding = item_finding(item)
    if finding is not None and finding.nonconformity_id is not None:
        return _already_nc_message(finding)
    return None


def item_finding(item: ChecklistItem) -> Finding | None:
    """The item's finding, raised or withdrawn (an item has at most one)."""
    return (
        Finding.objects.select_related("nonconformity", "withdrawn_by")
        .filter(organization_id=item.organization_id, checklist_item_id=item.pk)
        .first()
    )


def withdrawal_reason(*, actor: Any, answer: str) -> str:
    """The reason kept on a withdrawn finding, e.g. "answer changed to conform by Jane Doe"
    (the new answer in words; "the system" when no person acted)."""
    if answer == ChecklistAnswer.CONFORM:
        said = "conform"
    elif answer == ChecklistAnswer.BLANK:
        said = "not answered"
    else:
        said = str(ChecklistAnswer(answer).label).lower()
    who = "the system"
    if actor is not None and getattr(actor, "pk", None) is not None:
        full_name = getattr(actor, "get_full_name", None)
        who = (full_name() if callable(full_name) else "") or str(actor)
    return f"answer changed to {said} by {who}"[:300]


@transaction.atomic
def finding_withdraw(*, actor: Any, item: ChecklistItem, answer: str | None = None) -> bool:
    """Withdraw the item's observation or improvement finding when its answer goes back to
    conform (or not audited, or blank). Nothing is deleted: the finding keeps its number and
    content, and records when, by whom and why (status "withdrawn"). Returns True when a
    raised finding was withdrawn, False when there was none or it was withdrawn already. A
    finding that is already a nonconformity is refused (Conflict): it is handled in the
    register."""
    # The item is locked by checklist_answer, so its finding cannot change meanwhile;
    # model_update locks the finding's row itself.
    finding = item_finding(item)
    if finding is None or finding.status == FindingStatus.WITHDRAWN:
        return False
    if finding.nonconformity_id is not None:
        raise Conflict(_already_nc_message(finding))
    new_answer = item.answer if answer is None else answer
    model_update(
        actor=actor,
        instance=finding,
        data={
            "status": FindingStatus.WITHDRAWN,
            "withdrawn_at": timezone.now(),
            "withdrawn_by": actor if getattr(actor, "pk", None) is not None else None,
            "withdrawn_reason": withdrawal_reason(actor=actor, answer=new_answer),
        },
        fields=WITHDRAWAL_FIELDS,
        event_type=events.FINDING_WITHDRAWN,
    )
    return True
