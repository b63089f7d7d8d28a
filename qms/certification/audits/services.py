"""Writes of a certification audit's work (ISO/IEC 17021-1 §9.2 to §9.4).

Team (this module):
- `team_member_add`: a lead auditor, auditor, technical expert or trainee, checked with the
  body's competence rule (`body.selectors.qualification_problems`) on the audit's first and
  last day (a qualification is one period, so both ends cover every day): the lead must be
  a qualified lead auditor, an auditor qualified (not in training) for every standard and
  IAF code of the programme, a trainee needs a qualification valid on the days (missing IAF
  codes are kept as warnings), a technical expert none. Refused for a declared conflict of
  interest, for consultancy given to the client in the last two years (named in its
  application), for the person who decided on this programme, twice on one team, or a
  second lead auditor. `CertAudit.lead_auditor` and `.team` follow the members.
- `team_member_declare`, `team_member_remove` (with a reason), `team_recheck`.

Plan (this module): `plan_save`, `slot_add`, `slot_update`, `slot_remove`, `plan_send`
(freezes a numbered `AuditPlanIssue` and mails the PDF to the client's contacts once
committed; a change after sending must be sent again with a note).

Execution (execution.py, re-exported here): `checklist_generate`, `checklist_record`,
`checklist_attach`, `finding_raise`, `finding_update`, `audit_conclude`.

Each write is one transaction through core's helpers (row and audit event together).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.accounts.selectors import are_members
from qms.core.services import lock_for_change, model_create, model_delete, model_update

from ..body import selectors as body_selectors
from ..choices import AuditorGrade, PlanStatus, TeamRole
from ..models import (
    Application,
    AuditorQualification,
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertificationDecision,
    CertificationProgramme,
)
from . import events, rules, selectors
from .execution import (
    audit_conclude,
    checklist_attach,
    checklist_generate,
    checklist_record,
    finding_raise,
    finding_update,
)

if TYPE_CHECKING:
    from qms.accounts.models import User

__all__ = [
    "audit_conclude",
    "checklist_attach",
    "checklist_generate",
    "checklist_record",
    "finding_raise",
    "finding_update",
    "plan_save",
    "plan_send",
    "slot_add",
    "slot_remove",
    "slot_update",
    "team_member_add",
    "team_member_declare",
    "team_member_remove",
    "team_recheck",
]

MEMBER_FIELDS = (
    "audit",
    "person",
    "role",
    "declaration",
    "has_conflict",
    "declared_at",
    "competence",
    "competence_checked_on",
)
PLAN_FIELDS = ("objectives", "scope", "criteria", "notes")
SLOT_FIELDS = (
    "day",
    "starts",
    "ends",
    "site",
    "activity",
    "processes",
    "clauses",
    "auditor",
    "remote",
)
CONSULTANCY_YEARS = 2


# --- Team --------------------------------------------------------------------------------


def _programme_of(audit: CertAudit) -> CertificationProgramme:
    programme: CertificationProgramme = (
        CertificationProgramme.objects.filter(organization_id=audit.organization_id)
        .select_related("client", "application")
        .prefetch_related("editions__standard", "iaf_codes")
        .get(pk=audit.programme_id)
    )
    return programme


def _audit_days(audit: CertAudit) -> list[dt.date]:
    if audit.start_date is None:
        return []
    return sorted({audit.start_date, audit.end_date or audit.start_date})


def _standards(programme: CertificationProgramme) -> list[Any]:
    return list({e.standard_id: e.standard for e in programme.editions.all()}.values())


def competence_of(
    *, audit: CertAudit, programme: CertificationProgramme, person: Any, role: str
) -> tuple[list[str], list[str]]:
    """(problems that refuse the person in this role, warnings kept on the member) from the
    body's qualification rule on each end of the audit's days."""
    if role == TeamRole.TECHNICAL_EXPERT:
        return [], []
    organization = programme.organization
    standards = _standards(programme)
    codes = list(programme.iaf_codes.all())
    problems: list[str] = []
    warnings: list[str] = []
    for day in _audit_days(audit):
        if role == TeamRole.TRAINEE:
            problems += body_selectors.qualification_problems(
                organization=organization,
                person=person,
                standards=standards,
                iaf_codes=[],
                on_date=day,
            )
            if not problems:
                warnings += body_selectors.qualification_problems(
                    organization=organization,
                    person=person,
                    standards=standards,
                    iaf_codes=codes,
                    on_date=day,
                )
        else:
            problems += body_selectors.qualification_problems(
                organization=organization,
                person=person,
                standards=standards,
                iaf_codes=codes,
                on_date=day,
                lead=role == TeamRole.LEAD_AUDITOR,
            )
    if role == TeamRole.AUDITOR and not problems:
        training = AuditorQualification.objects.filter(
            organization=organization,
            person=person,
            standard__in=standards,
            grade=AuditorGrade.IN_TRAINING,
        ).select_related("standard")
        problems += [
            _("%(person)s is an auditor in training for %(standard)s: add them as a trainee.")
            % {"person": person, "standard": q.standard.code}
            for q in training
        ]
    return list(dict.fromkeys(problems)), list(dict.fromkeys(warnings))


def consultancy_problem(
    *, programme: CertificationProgramme, person: Any, on_date: dt.date
) -> str | None:
    """The person is named (by name or e-mail) as the client's management-system consultant
    in an application of the client received within the last two years."""
    since = (
        on_date.replace(year=on_date.year - CONSULTANCY_YEARS)
        if not (on_date.month == 2 and on_date.day == 29)
        else on_date.replace(year=on_date.year - CONSULTANCY_YEARS, day=28)
    )
    names = [n.strip().lower() for n in (person.full_name, person.email) if n and n.strip()]
    if not names:
        return None
    applications = Application.objects.filter(
        organization_id=programme.organization_id,
        client_id=programme.client_id,
        received_on__gte=since,
    ).exclude(consultancy="")
    for application in applications.only("number", "consultancy"):
        text = application.consultancy.lower()
        if any(name in text for name in names):
            return _(
                "%(person)s is named as the client's consultant in application %(number)s: a "
                "person who provided management-system consultancy to the client in the last "
                "two years may not audit it."
            ) % {"person": person, "number": application.number}
    return None


def _member_problems(
    *,
    audit: CertAudit,
    programme: CertificationProgramme,
    person: Any,
    role: str,
    has_conflict: bool,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if role not in TeamRole.values:
        add("role", _("Choose the member's role."))
        return errors
    if not are_members(organization_id=audit.organization_id, users=[person]):
        add(
            "person",
            _("%(person)s is not a member of this certification body.") % {"person": person},
        )
        return errors
    existing = AuditTeamMember.objects.filter(organization_id=audit.organization_id, audit=audit)
    same = existing.filter(person=person).first()
    if same is not None:
        add(
            "person",
            _("%(person)s is on this audit's team already (%(role)s).")
            % {"person": person, "role": same.get_role_display().lower()},
        )
    if role == TeamRole.LEAD_AUDITOR:
        lead = existing.filter(role=TeamRole.LEAD_AUDITOR).select_related("person").first()
        if lead is not None and lead.person_id != person.pk:
            add(
                "role",
                _("The audit has a lead auditor already (%(person)s): remove them first.")
                % {"person": lead.person},
            )
    if has_conflict:
        add(
            "has_conflict",
            _(
                "%(person)s declares a conflict of interest with %(client)s: they cannot be "
                "on this audit's team."
            )
            % {"person": person, "client": programme.client},
        )
    if audit.start_date is not None:
        problem = consultancy_problem(programme=programme, person=person, on_date=audit.start_date)
        if problem:
            add("person", problem)
    decided = CertificationDecision.objects.filter(
        organization_id=audit.organization_id, programme_id=programme.pk, decided_by=person
    ).first()
    if decided is not None:
        add(
            "person",
            _(
                "%(person)s decided on this programme (decision %(number)s): a decision-maker "
                "is not on its audit teams."
            )
            % {"person": person, "number": decided.number},
        )
    return errors


def _sync_audit(*, actor: Any, audit: CertAudit) -> CertAudit:
    """CertAudit.lead_auditor and .team mirror the members (the lead, and everyone else)."""
    members = list(
        AuditTeamMember.objects.filter(organization_id=audit.organization_id, audit=audit)
        .select_related("person")
        .order_by("id")
    )
    lead = next((m.person for m in members if m.role == TeamRole.LEAD_AUDITOR), None)
    team = [m.person for m in members if m.role != TeamRole.LEAD_AUDITOR]
    saved, _changed = model_update(
        actor=actor,
        instance=audit,
        data={"lead_auditor": lead, "team": team},
        fields=("lead_auditor", "team"),
        event_type=events.AUDIT_TEAM_CHANGED,
    )
    # Where the client runs its QMS here and consents, the team reads its records for the
    # audit's days (and a member who left no longer does).
    from ..portal.services import audit_team_access_sync  # the portal area builds on this one

    audit_team_access_sync(actor=actor, audit=saved)
    return saved


def _import_planned_team(
    *, actor: Any, audit: CertAudit, programme: CertificationProgramme, skip: Any
) -> None:
    """The first member added to an audit planned with a lead auditor and team (the
    programme's planning form) brings those people in as members first, so the members and
    the audit's fields agree (they were checked when planned; the check is kept)."""
    if AuditTeamMember.objects.filter(organization_id=audit.organization_id, audit=audit).exists():
        return
    planned: list[tuple[Any, str]] = []
    if audit.lead_auditor is not None:
        planned.append((audit.lead_auditor, TeamRole.LEAD_AUDITOR))
    planned += [(person, TeamRole.AUDITOR) for person in audit.team.all().order_by("id")]
    today = timezone.localdate()
    for person, role in planned:
        if person.pk == getattr(skip, "pk", None):
            continue
        problems, warnings = competence_of(
            audit=audit, programme=programme, person=person, role=role
        )
        model_create(
            actor=actor,
            model=AuditTeamMember,
            organization=audit.organization,
            data={
                "audit": audit,
                "person": person,
                "role": role,
                "competence": [*problems, *warnings],
                "competence_checked_on": today,
            },
            fields=MEMBER_FIELDS,
            event_type=events.TEAM_MEMBER_ADDED,
        )


@transaction.atomic
def team_member_add(
    *,
    actor: User,
    audit: CertAudit,
    person: User,
    role: str,
    declaration: str = "",
    has_conflict: bool = False,
) -> AuditTeamMember:
    """Add `person` to the audit's team in `role` (see the module docstring for the
    checks); refused with a ValidationError naming the standard, code or date. A
    declaration given here is recorded as made now."""
    locked = lock_for_change(audit, version=None)
    problem = rules.team_problem(status=locked.status, concluded=locked.concluded_at is not None)
    if problem:
        raise ValidationError({"person": [problem]})
    if locked.start_date is None:
        raise ValidationError({"person": [_("Plan the audit's days before choosing its team.")]})
    programme = _programme_of(locked)
    errors = _member_problems(
        audit=locked, programme=programme, person=person, role=role, has_conflict=has_conflict
    )
    if not errors:
        problems, warnings = competence_of(
            audit=locked, programme=programme, person=person, role=role
        )
        if problems:
            errors["person"] = problems
    if errors:
        raise ValidationError(errors)
    _import_planned_team(actor=actor, audit=locked, programme=programme, skip=person)
    if role == TeamRole.LEAD_AUDITOR:
        lead = AuditTeamMember.objects.filter(
            organization_id=locked.organization_id, audit=locked, role=TeamRole.LEAD_AUDITOR
        ).first()
        if lead is not None:
            raise ValidationError(
                {
                    "role": [
                        _("The audit has a lead auditor already (%(person)s): remove them first.")
                        % {"person": lead.person}
                    ]
                }
            )
    declaration = (declaration or "").strip()
    member: AuditTeamMember = model_create(
        actor=actor,
        model=AuditTeamMember,
        organization=locked.organization,
        data={
            "audit": locked,
            "person": person,
            "role": role,
            "declaration": declaration,
            "has_conflict": False,
            "declared_at": timezone.now() if declaration else None,
            "competence": warnings,
            "competence_checked_on": timezone.localdate(),
        },
        fields=MEMBER_FIELDS,
        event_type=events.TEAM_MEMBER_ADDED,
    )
    _sync_audit(actor=actor, audit=locked)
    return member


@transaction.atomic
def team_member_declare(
    *, actor: User, member: AuditTeamMember, declaration: str, has_conflict: bool = False
) -> AuditTeamMember:
    """Record the member's conflict-of-interest declaration (links with the client in the
    last two years, or none). A declared conflict keeps the person off the team: refused
    here, so the member is removed with that reason instead."""
    locked = lock_for_change(member, version=None)
    declaration = (declaration or "").strip()
    if not declaration:
        raise ValidationError(
            {"declaration": [_('Write the declaration ("None" if there is no link).')]}
        )
    if has_conflict:
        raise ValidationError(
            {
                "has_conflict": [
                    _(
                        "A declared conflict keeps %(person)s off this audit: remove them "
                        "from the team, giving the conflict as the reason."
                    )
                    % {"person": locked.person}
                ]
            }
        )
    saved, _changed = model_update(
        actor=actor,
        instance=locked,
        data={"declaration": declaration, "has_conflict": False, "declared_at": timezone.now()},
        fields=("declaration", "has_conflict", "declared_at"),
        event_type=events.TEAM_MEMBER_DECLARED,
    )
    return saved


@transaction.atomic
def team_member_remove(*, actor: User, member: AuditTeamMember, reason: str) -> None:
    """Take the member off the team with a reason (the removal is an audit event; the
    person still counts as having been on the team for the decision's independence rule)."""
    locked = lock_for_change(member, version=None)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the change of team.")]})
    audit = lock_for_change(CertAudit(pk=locked.audit_id), version=None)
    problem = rules.team_problem(status=audit.status, concluded=audit.concluded_at is not None)
    if problem:
        raise ValidationError({"reason": [problem]})
    slots = AuditPlanSlot.objects.filter(
        organization_id=audit.organization_id, plan__audit=audit, auditor_id=locked.person_id
    ).count()
    if slots:
        raise ValidationError(
            {
                "reason": [
                    _(
                        "%(person)s audits %(count)d slot(s) of the plan: give them to "
                        "another auditor first."
                    )
                    % {"person": locked.person, "count": slots}
                ]
            }
        )
    model_delete(
        actor=actor,
        instance=locked,
        event_type=events.TEAM_MEMBER_REMOVED,
        details={"reason": reason, "audit": audit.pk, "person": locked.person_id},
    )
    _sync_audit(actor=actor, audit=audit)


@transaction.atomic
def team_recheck(*, actor: User, audit: CertAudit) -> int:
    """Check every member again on the audit's days now (after a change of dates): the
    problems are kept on each member (`competence`) and shown; returns how many have
    problems."""
    locked = lock_for_change(audit, version=None)
    programme = _programme_of(locked)
    flagged = 0
    today = timezone.localdate()
    members = AuditTeamMember.objects.filter(organization_id=locked.organization_id, audit=locked)
    for member in members.select_related("person"):
        problems, warnings = competence_of(
            audit=locked, programme=programme, person=member.person, role=member.role
        )
        flagged += bool(problems)
        model_update(
            actor=actor,
            instance=member,
            data={"competence": [*problems, *warnings], "competence_checked_on": today},
            fields=("competence", "competence_checked_on"),
            event_type=events.TEAM_MEMBER_CHECKED,
        )
    return flagged


# --- Plan --------------------------------------------------------------------------------


def default_plan(audit: CertAudit, programme: CertificationProgramme) -> dict[str, str]:
    """A starting text for a new plan: the objectives of the kind of audit (§9.3, §9.6),
    the scope of the application, the standards as criteria."""
    objectives = {
        "stage1": _(
            "Review the client's documented management system, site conditions and readiness "
            "for Stage 2; collect the information needed to plan Stage 2."
        ),
        "stage2": _(
            "Evaluate the implementation and effectiveness of the client's management system "
            "against all requirements of the standard(s), to decide on certification."
        ),
        "surveillance_1": _(
            "Confirm the continued conformity and effectiveness of the management system "
            "(surveillance, §9.6.2)."
        ),
        "surveillance_2": _(
            "Confirm the continued conformity and effectiveness of the management system "
            "(surveillance, §9.6.2)."
        ),
        "recertification": _(
            "Confirm the continued conformity and effectiveness of the management system as a "
            "whole and its continued relevance to the scope (§9.6.3)."
        ),
    }.get(audit.kind, audit.purpose or "")
    editions = ", ".join(str(e) for e in programme.editions.all())
    scope = programme.application.scope if programme.application else ""
    return {
        "objectives": str(objectives),
        "scope": scope,
        "criteria": _("%(editions)s; the client's management system documentation.")
        % {"editions": editions},
    }


def _mark_changed(*, actor: Any, plan: AuditPlan) -> None:
    if plan.status == PlanStatus.SENT and not plan.changed_since_sent:
        model_update(
            actor=actor,
            instance=plan,
            data={"changed_since_sent": True},
            fields=("changed_since_sent",),
            event_type=events.PLAN_UPDATED,
        )


@transaction.atomic
def plan_save(
    *, actor: User, audit: CertAudit, data: Mapping[str, Any], version: int | None = None
) -> AuditPlan:
    """Create the audit's plan (missing texts start from `default_plan`) or change its
    objectives, scope, criteria and notes. A change after sending marks the plan changed
    since sent: it needs sending again, with a note."""
    locked = lock_for_change(audit, version=None)
    problem = rules.work_problem(status=locked.status, concluded=False, what=_("plan"))
    if problem:
        raise ValidationError({"objectives": [problem]})
    values = {name: str(data[name] or "").strip() for name in PLAN_FIELDS if name in data}
    plan: AuditPlan | None = AuditPlan.objects.filter(
        organization_id=locked.organization_id, audit=locked
    ).first()
    if plan is None:
        start = default_plan(locked, _programme_of(locked))
        created: AuditPlan = model_create(
            actor=actor,
            model=AuditPlan,
            organization=locked.organization,
            data={
                "audit": locked,
                **start,
                **{k: v for k, v in values.items() if v or k == "notes"},
            },
            fields=("audit", *PLAN_FIELDS),
            event_type=events.PLAN_CREATED,
        )
        return created
    saved, changed = model_update(
        actor=actor,
        instance=plan,
        data=values,
        fields=PLAN_FIELDS,
        event_type=events.PLAN_UPDATED,
        version=version,
    )
    if changed:
        _mark_changed(actor=actor, plan=saved)
        saved.refresh_from_db()
    return saved


def _slot_errors(
    *, plan: AuditPlan, audit: CertAudit, data: Mapping[str, Any]
) -> dict[str, list[str]]:
    errors = rules.slot_problems(
        day=data.get("day"),
        starts=data.get("starts"),
        ends=data.get("ends"),
        audit_start=audit.start_date,
        audit_end=audit.end_date,
    )
    site = data.get("site")
    if site is not None and site.pk not in set(
        selectors.audit_sites(audit).values_list("pk", flat=True)
    ):
        errors.setdefault("site", []).append(
            _("%(site)s is not among the sites of this audit.") % {"site": site}
        )
    clauses = list(data.get("clauses") or [])
    if clauses:
        allowed = set(audit.programme.editions.values_list("pk", flat=True))
        foreign = [str(c) for c in clauses if c.edition_id not in allowed]
        if foreign:
            errors.setdefault("clauses", []).append(
                _("Not a clause of the programme's standards: %(clauses)s.")
                % {"clauses": ", ".join(foreign)}
            )
    auditor = data.get("auditor")
    if (
        auditor is not None
        and not AuditTeamMember.objects.filter(
            organization_id=audit.organization_id, audit=audit, person=auditor
        ).exists()
    ):
        errors.setdefault("auditor", []).append(
            _("%(person)s is not on this audit's team.") % {"person": auditor}
        )
    if "activity" in data and not str(data.get("activity") or "").strip():
        errors.setdefault("activity", []).append(_("Say what happens in the slot."))
    return errors


def _plan_audit(plan: AuditPlan) -> CertAudit:
    audit: CertAudit = (
        CertAudit.objects.filter(organization_id=plan.organization_id)
        .select_related("programme__client")
        .get(pk=plan.audit_id)
    )
    if audit.status == "cancelled":
        raise ValidationError({"day": [_("The audit is cancelled: its plan no longer changes.")]})
    return audit


@transaction.atomic
def slot_add(*, actor: User, plan: AuditPlan, data: Mapping[str, Any]) -> AuditPlanSlot:
    """A time slot of the plan: a day of the audit, from/until, a site the audit samples,
    processes and clauses of the programme's standards, an auditor of the team, remote or
    not."""
    locked = lock_for_change(plan, version=None)
    audit = _plan_audit(locked)
    values = {name: data[name] for name in SLOT_FIELDS if name in data}
    values.setdefault("activity", "")
    errors = _slot_errors(plan=locked, audit=audit, data=values)
    if errors:
        raise ValidationError(errors)
    slot: AuditPlanSlot = model_create(
        actor=actor,
        model=AuditPlanSlot,
        organization=locked.organization,
        data={"plan": locked, **values},
        fields=("plan", *SLOT_FIELDS),
        event_type=events.SLOT_ADDED,
    )
    _mark_changed(actor=actor, plan=locked)
    return slot


@transaction.atomic
def slot_update(
    *, actor: User, slot: AuditPlanSlot, data: Mapping[str, Any], version: int | None = None
) -> AuditPlanSlot:
    locked = lock_for_change(slot, version=version)
    plan = lock_for_change(AuditPlan(pk=locked.plan_id), version=None)
    audit = _plan_audit(plan)
    values = {name: data[name] for name in SLOT_FIELDS if name in data}
    merged = {
        "day": locked.day,
        "starts": locked.starts,
        "ends": locked.ends,
        **values,
    }
    errors = _slot_errors(plan=plan, audit=audit, data=merged)
    if errors:
        raise ValidationError(errors)
    saved, changed = model_update(
        actor=actor,
        instance=locked,
        data=values,
        fields=SLOT_FIELDS,
        event_type=events.SLOT_CHANGED,
    )
    if changed:
        _mark_changed(actor=actor, plan=plan)
    return saved


@transaction.atomic
def slot_remove(*, actor: User, slot: AuditPlanSlot, reason: str = "") -> None:
    locked = lock_for_change(slot, version=None)
    plan = lock_for_change(AuditPlan(pk=locked.plan_id), version=None)
    _plan_audit(plan)
    model_delete(
        actor=actor,
        instance=locked,
        event_type=events.SLOT_REMOVED,
        details={"reason": (reason or "").strip()},
    )
    _mark_changed(actor=actor, plan=plan)


@transaction.atomic
def plan_send(*, actor: User, plan: AuditPlan, change_note: str = "") -> AuditPlanIssue:
    """Freeze the plan as its next version (1, 2 …) with a snapshot of everything the PDF
    shows, and mail the PDF to the client's contacts once committed. The first version
    needs objectives, scope, criteria and slots; a later one a change since the last and a
    note saying what changed."""
    from .plan_pdf import mail_plan_issue, plan_snapshot

    locked = lock_for_change(plan, version=None)
    audit = _plan_audit(locked)
    change_note = (change_note or "").strip()
    has_slots = AuditPlanSlot.objects.filter(
        organization_id=locked.organization_id, plan=locked
    ).exists()
    errors = rules.send_problems(
        issued_version=locked.issued_version,
        changed_since_sent=locked.changed_since_sent,
        change_note=change_note,
        has_slots=has_slots,
        objectives=locked.objectives,
        scope=locked.scope,
        criteria=locked.criteria,
    )
    if errors:
        raise ValidationError(errors)
    version = locked.issued_version + 1
    now = timezone.now()
    snapshot = plan_snapshot(
        plan=locked,
        audit=audit,
        version=version,
        sent_at=now,
        sent_by=actor,
        change_note=change_note,
    )
    issue: AuditPlanIssue = model_create(
        actor=actor,
        model=AuditPlanIssue,
        organization=locked.organization,
        data={
            "plan": locked,
            "version": version,
            "sent_at": now,
            "sent_by": actor,
            "change_note": change_note,
            "snapshot": snapshot,
        },
        fields=("plan", "version", "sent_at", "sent_by", "change_note", "snapshot"),
        event_type=events.PLAN_SENT,
    )
    model_update(
        actor=actor,
        instance=locked,
        data={"status": PlanStatus.SENT, "issued_version": version, "changed_since_sent": False},
        fields=("status", "issued_version", "changed_since_sent"),
        event_type=events.PLAN_UPDATED,
        details={"sent_version": version},
    )
    recipients = selectors.client_recipients(audit)
    issue_id = issue.pk
    organization_id = issue.organization_id
    transaction.on_commit(
        lambda: mail_plan_issue(
            organization_id=organization_id, issue_id=issue_id, recipients=recipients
        )
    )
    return issue
