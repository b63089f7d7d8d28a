"""Writes of an audit's execution: the checklist per clause, graded findings and the
conclusion (re-exported by services.py, where the contract is described).

- `checklist_generate`: one item per requirement clause under the clauses the plan's slots
  name (else the whole of the programme's standards), found by the internal audits'
  `criteria_leaves` (a clause the client declared not applicable in its own QMS here is left
  out). Idempotent: existing items stay.
- `checklist_record`: result, notes and site of one item (who and when kept);
  `checklist_attach`: evidence files and photos as core attachments on the item.
- `finding_raise` / `finding_update`: graded findings numbered F-01…, deadlines from the
  body's policy (rules.finding_deadlines); from a checklist item they are linked to it.
- `audit_conclude`: the Stage 1 readiness or the conclusion, recommendation and days
  spent; only by the lead auditor or a certification manager, from the audit's last day.
  A concluded audit's checklist and findings are frozen (the client's responses go on in
  the portal). Concluding is not a state of the audit's workflow (planned → confirmed →
  done): it is the lead auditor's record, with its own audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.audit import record_event
from qms.core.errors import Conflict
from qms.core.permissions import roles_in
from qms.core.services import lock_for_change, model_create, model_update

from ..body import selectors as body_selectors
from ..choices import ChecklistResult, FindingGrade
from ..models import (
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
    CertFinding,
    CertificationProgramme,
    ClientSite,
)
from ..permissions import CERTIFICATION_MANAGER
from . import events, rules

CHECKLIST_FIELDS = ("result", "notes", "site", "checked_by", "checked_at")
FINDING_FIELDS = (
    "grade",
    "statement",
    "objective_evidence",
    "requirement",
    "clause",
    "site",
    "checklist_item",
)
CONCLUSION_FIELDS = (
    "stage1_conclusion",
    "issues_to_fix",
    "conclusion",
    "recommendation",
    "days_spent",
    "time_difference_reason",
)


def _programme(audit: CertAudit) -> CertificationProgramme:
    programme: CertificationProgramme = (
        CertificationProgramme.objects.filter(organization_id=audit.organization_id)
        .select_related("client")
        .get(pk=audit.programme_id)
    )
    return programme


def is_certification_manager(actor: Any, organization_id: int) -> bool:
    return CERTIFICATION_MANAGER in roles_in(actor, organization_id)


def worker_problem(*, actor: Any, audit: CertAudit) -> str | None:
    """Only the audit's team (or a certification manager) records its work."""
    if actor is None or getattr(actor, "pk", None) is None:
        return None
    if audit.lead_auditor_id == actor.pk or is_certification_manager(actor, audit.organization_id):
        return None
    on_team = AuditTeamMember.objects.filter(
        organization_id=audit.organization_id, audit_id=audit.pk, person_id=actor.pk
    ).exists()
    if on_team or audit.team.filter(pk=actor.pk).exists():
        return None
    return _("Only the audit's team or a certification manager records this audit's work.")


def _refuse_work(*, actor: Any, audit: CertAudit, what: str) -> None:
    problem = rules.work_problem(
        status=audit.status, concluded=audit.concluded_at is not None, what=what
    ) or worker_problem(actor=actor, audit=audit)
    if problem:
        raise Conflict(problem)


def _site_errors(audit: CertAudit, site: Any, field: str = "site") -> dict[str, list[str]]:
    if site is None:
        return {}
    client_id = CertificationProgramme.objects.filter(
        organization_id=audit.organization_id, pk=audit.programme_id
    ).values_list("client_id", flat=True)[0]
    if not isinstance(site, ClientSite) or site.client_id != client_id:
        return {field: [_("%(site)s is not a site of the client.") % {"site": site}]}
    return {}


# --- Checklist ---------------------------------------------------------------------------


@dataclass
class _Criteria:
    """What internal_audits.checklists.criteria_leaves reads of an audit: its chosen
    clauses and the organization whose "not applicable" declarations apply (the client's
    own, when it runs its QMS here)."""

    clauses: Any
    organization_id: int | None


def _chosen_clauses(audit: CertAudit) -> Any:
    from qms.standards.models import Clause

    planned = Clause.objects.filter(
        pk__in=AuditPlanSlot.objects.filter(
            organization_id=audit.organization_id, plan__audit=audit
        ).values("clauses")
    )
    if planned.exists():
        return planned
    return Clause.objects.filter(edition__in=audit.programme.editions.all(), parent__isnull=True)


@transaction.atomic
def checklist_generate(*, actor: Any, audit: CertAudit) -> int:
    """Add the audit's checklist items (one per requirement clause in scope); returns how
    many were added. Items already there stay as they are."""
    from qms.internal_audits.checklists import criteria_leaves

    locked = lock_for_change(audit, version=None)
    _refuse_work(actor=actor, audit=locked, what=_("checklist"))
    programme = _programme(locked)
    criteria = _Criteria(
        clauses=_chosen_clauses(locked), organization_id=programme.client.linked_organization_id
    )
    leaves = criteria_leaves(criteria)  # type: ignore[arg-type]
    existing = set(
        CertChecklistItem.objects.filter(
            organization_id=locked.organization_id, audit=locked
        ).values_list("clause_id", flat=True)
    )
    new = [
        CertChecklistItem(organization_id=locked.organization_id, audit=locked, clause=clause)
        for clause in leaves
        if clause.pk not in existing
    ]
    if new:
        CertChecklistItem.objects.bulk_create(new, batch_size=500)
    record_event(
        actor=actor,
        event_type=events.CHECKLIST_GENERATED,
        subject=locked,
        data={
            "added": len(new),
            "kept": len(existing),
            "clauses": [str(clause.number) for clause in leaves],
        },
    )
    return len(new)


def _item_audit(item: CertChecklistItem) -> CertAudit:
    return lock_for_change(CertAudit(pk=item.audit_id), version=None)


@transaction.atomic
def checklist_record(
    *,
    actor: Any,
    item: CertChecklistItem,
    data: Mapping[str, Any],
    version: int | None = None,
) -> CertChecklistItem:
    """Record one item's result, notes and site (only the names given change)."""
    audit = _item_audit(item)
    _refuse_work(actor=actor, audit=audit, what=_("checklist"))
    values = {name: data[name] for name in ("result", "notes", "site") if name in data}
    if "result" in values and values["result"] not in ChecklistResult.values:
        raise ValidationError({"result": [_("Choose a result.")]})
    if "notes" in values:
        values["notes"] = str(values["notes"] or "").strip()
    errors = _site_errors(audit, values.get("site"))
    if errors:
        raise ValidationError(errors)
    values.update(checked_by=actor, checked_at=timezone.now())
    saved, _changed = model_update(
        actor=actor,
        instance=item,
        data=values,
        fields=CHECKLIST_FIELDS,
        event_type=events.CHECKLIST_RECORDED,
        version=version,
    )
    return saved


def checklist_attach(
    *, actor: Any, item: CertChecklistItem, upload: Any, description: str = ""
) -> Any:
    """Attach an evidence file or photo to the item (core attachments: checked, hashed,
    logged); refused once the audit is concluded or cancelled."""
    from qms.core.attachments.services import attachment_add

    audit = CertAudit.objects.filter(organization_id=item.organization_id).get(pk=item.audit_id)
    _refuse_work(actor=actor, audit=audit, what=_("checklist"))
    return attachment_add(actor=actor, subject=item, upload=upload, description=description)


# --- Findings ----------------------------------------------------------------------------


def deadlines_for(
    *, audit: CertAudit, programme: CertificationProgramme, grade: str
) -> rules.Deadlines:
    """The finding's deadlines from the body's policy (§3.3)."""
    body = body_selectors.certification_body_of(audit.organization_id)
    policy = body_selectors.programme_policy(audit.organization_id)
    last_day = audit.end_date or audit.start_date
    if last_day is None:
        return rules.Deadlines(None, None)
    return rules.finding_deadlines(
        grade=grade,
        audit_kind=audit.kind,
        programme_kind=programme.kind,
        audit_end=last_day,
        stage2_last_day=programme.stage2_last_day,
        certificate_expiry=programme.expiry or programme.previous_expiry,
        major_response_days=body.major_response_days if body else 90,
        minor_response_days=body.minor_response_days if body else 30,
        major_verification_months=policy.major_verification_months,
    )


def _finding_errors(audit: CertAudit, values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "grade" in values and values["grade"] not in FindingGrade.values:
        errors["grade"] = [_("Grade the finding.")]
    if "statement" in values and not str(values["statement"] or "").strip():
        errors["statement"] = [_("State the finding.")]
    clause = values.get("clause")
    if clause is not None and not audit.programme.editions.filter(pk=clause.edition_id).exists():
        errors["clause"] = [
            _("%(clause)s is not a clause of the programme's standards.") % {"clause": clause}
        ]
    item = values.get("checklist_item")
    if item is not None and item.audit_id != audit.pk:
        errors["checklist_item"] = [_("The checklist item is another audit's.")]
    errors.update(_site_errors(audit, values.get("site")))
    return errors


@transaction.atomic
def finding_raise(*, actor: Any, audit: CertAudit, data: Mapping[str, Any]) -> CertFinding:
    """Raise a graded finding (conformity, major, minor, observation) with its clause, site,
    objective evidence and requirement reference; numbered F-01… in the audit. From a
    checklist item: linked to it (its clause by default, and an unchecked item takes the
    grade as its result). Majors and minors are open for the client's response."""
    locked = lock_for_change(audit, version=None)
    _refuse_work(actor=actor, audit=locked, what=_("findings"))
    if locked.start_date is None:
        raise Conflict(_("Plan the audit's days before raising findings."))
    if locked.start_date > timezone.localdate():
        raise Conflict(
            _("The audit starts on %(date)s: findings are raised from its first day.")
            % {"date": locked.start_date.isoformat()}
        )
    values = {name: data.get(name) for name in FINDING_FIELDS}
    for name in ("statement", "objective_evidence", "requirement"):
        values[name] = str(values[name] or "").strip()
    item = values["checklist_item"]
    if item is not None and values["clause"] is None and item.audit_id == locked.pk:
        values["clause"] = item.clause
    errors = _finding_errors(locked, {**values, "grade": values["grade"] or ""})
    if errors:
        raise ValidationError(errors)
    programme = _programme(locked)
    deadlines = deadlines_for(audit=locked, programme=programme, grade=str(values["grade"]))
    count = CertFinding.objects.filter(organization_id=locked.organization_id, audit=locked).count()
    finding: CertFinding = model_create(
        actor=actor,
        model=CertFinding,
        organization=locked.organization,
        data={
            **values,
            "audit": locked,
            "number": rules.finding_number(count + 1),
            "status": rules.initial_status(str(values["grade"])),
            "raised_by": actor,
            "respond_by": deadlines.respond_by,
            "verify_by": deadlines.verify_by,
        },
        fields=(
            *FINDING_FIELDS,
            "audit",
            "number",
            "status",
            "raised_by",
            "respond_by",
            "verify_by",
        ),
        event_type=events.FINDING_RAISED,
    )
    from ..portal.services import on_finding_raised

    on_finding_raised(finding, actor=actor)  # the client's own register, where it consents
    if item is not None and not item.result:
        model_update(
            actor=actor,
            instance=item,
            data={"result": values["grade"], "checked_by": actor, "checked_at": timezone.now()},
            fields=CHECKLIST_FIELDS,
            event_type=events.CHECKLIST_RECORDED,
        )
    return finding


@transaction.atomic
def finding_update(
    *, actor: Any, finding: CertFinding, data: Mapping[str, Any], version: int | None = None
) -> CertFinding:
    """Correct a finding before the audit is concluded and before the client answered it;
    a new grade recomputes its status and deadlines."""
    audit = lock_for_change(CertAudit(pk=finding.audit_id), version=None)
    _refuse_work(actor=actor, audit=audit, what=_("findings"))
    locked = lock_for_change(finding, version=version)
    if locked.responses.exists():
        raise Conflict(
            _("The client has answered %(number)s: it is no longer changed.")
            % {"number": locked.number}
        )
    values = {
        name: data[name] for name in FINDING_FIELDS if name in data and name != "checklist_item"
    }
    for name in ("statement", "objective_evidence", "requirement"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    errors = _finding_errors(audit, values)
    if errors:
        raise ValidationError(errors)
    if "grade" in values and values["grade"] != locked.grade:
        deadlines = deadlines_for(
            audit=audit, programme=_programme(audit), grade=str(values["grade"])
        )
        values.update(
            status=rules.initial_status(str(values["grade"])),
            respond_by=deadlines.respond_by,
            verify_by=deadlines.verify_by,
        )
    saved, _changed = model_update(
        actor=actor,
        instance=locked,
        data=values,
        fields=(*FINDING_FIELDS, "status", "respond_by", "verify_by"),
        event_type=events.FINDING_UPDATED,
    )
    return saved


# --- Conclusion --------------------------------------------------------------------------


@transaction.atomic
def audit_conclude(
    *, actor: Any, audit: CertAudit, data: Mapping[str, Any], version: int | None = None
) -> CertAudit:
    """Record the audit's conclusion (see rules.conclusion_problems); refused (Conflict)
    for a cancelled or concluded audit, before its last day or for anyone but its lead
    auditor or a certification manager; field errors (ValidationError) for what is
    missing."""
    locked = lock_for_change(audit, version=version)
    if not (
        locked.lead_auditor_id == getattr(actor, "pk", None)
        or is_certification_manager(actor, locked.organization_id)
    ):
        raise Conflict(
            _("Only the audit's lead auditor or a certification manager concludes the audit.")
        )
    values = {name: data.get(name) for name in CONCLUSION_FIELDS}
    for name in ("issues_to_fix", "conclusion", "time_difference_reason"):
        values[name] = str(values[name] or "").strip()
    values["stage1_conclusion"] = values["stage1_conclusion"] or ""
    values["recommendation"] = values["recommendation"] or ""
    has_major = CertFinding.objects.filter(
        organization_id=locked.organization_id, audit=locked, grade=FindingGrade.MAJOR
    ).exists()
    errors = rules.conclusion_problems(
        audit_kind=locked.kind,
        status=locked.status,
        last_day=locked.end_date or locked.start_date,
        today=timezone.localdate(),
        concluded=locked.concluded_at is not None,
        planned_days=locked.audit_days,
        has_major=has_major,
        data=values,
    )
    state = errors.pop("__all__", None)
    if state:
        raise Conflict(" ".join(state))
    if errors:
        raise ValidationError(errors)
    if locked.kind == "stage1":
        values["recommendation"] = ""
    else:
        values.update(stage1_conclusion="", issues_to_fix="")
    saved, _changed = model_update(
        actor=actor,
        instance=locked,
        data={**values, "concluded_by": actor, "concluded_at": timezone.now()},
        fields=(*CONCLUSION_FIELDS, "concluded_by", "concluded_at"),
        event_type=events.AUDIT_CONCLUDED,
    )
    return saved
