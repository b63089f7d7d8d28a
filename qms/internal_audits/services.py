"""Writes of internal audits: the yearly programme (its processes, planning the audits,
approval and revision) and the audits (create, edit, follow-up, workflow effects).

Each service is one transaction through core's helpers (row, audit event, version check
together). Nothing is deleted: an audit is cancelled with a reason, a programme revised.
Auditor independence (§9.2.2 c) is checked on every write that sets auditors or processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.accounts.selectors import are_members, check_member
from qms.core.audit import record_event
from qms.core.errors import Conflict
from qms.core.services import lock_for_change, model_create, model_update, sequence_next

from . import checklists, events, rules, selectors
from .choices import AuditStatus, ProgrammeStatus
from .models import Audit, AuditProgramme, ProgrammeProcess
from .specs import AUDIT, PROGRAMME, PROGRAMME_PROCESS

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization


# --- Programme ---------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> AuditProgramme:
    """A new (draft) programme for one year."""
    values = dict(data)
    if not values.get("title") and values.get("year"):
        values["title"] = _("Internal audit programme %(year)s") % {"year": values["year"]}
    programme: AuditProgramme = model_create(
        actor=actor,
        model=AuditProgramme,
        organization=organization,
        data=values,
        fields=PROGRAMME.fields,
        event_type=events.PROGRAMME_CREATED,
    )
    return programme


def _require_draft(programme: AuditProgramme) -> None:
    if programme.status != ProgrammeStatus.DRAFT:
        raise Conflict(_("An approved programme cannot be changed: revise it first."))


@transaction.atomic
def programme_update(
    *, actor: User, instance: AuditProgramme, data: Mapping[str, Any], version: int | None = None
) -> AuditProgramme:
    locked = lock_for_change(instance, version=version)
    _require_draft(locked)
    programme, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=PROGRAMME.fields,
        event_type=events.PROGRAMME_UPDATED,
        version=version,
    )
    return programme


def _facts(row: ProgrammeProcess, *, risk: str, previous: str) -> dict[str, Any]:
    suggested = rules.audits_per_year(
        importance=row.importance, risk_level=risk, previous_result=previous
    )
    return {
        "risk_level": risk,
        "previous_result": previous,
        "suggested_per_year": suggested,
        "audits_per_year": rules.effective_per_year(
            suggested=suggested, override=row.audits_per_year_override
        ),
    }


def _apply_facts(
    rows: list[ProgrammeProcess], programme: AuditProgramme, *, actor: Any
) -> list[str]:
    """Recompute the derived columns of `rows` (risk level from the risk register, previous
    result, suggested and effective audits per year): 2 queries, then for each changed row
    one audited update (before and after in its event, like any other edit of the row);
    an unchanged row writes and records nothing."""
    ids = [row.process_id for row in rows]
    risks = selectors.process_risk_levels(organization=programme.organization_id, process_ids=ids)
    previous = selectors.process_previous_results(
        organization=programme.organization_id, process_ids=ids
    )
    changed = []
    for row in rows:
        facts = _facts(row, risk=risks[row.process_id], previous=previous[row.process_id])
        if any(getattr(row, name) != value for name, value in facts.items()):
            saved, _changed = model_update(
                actor=actor,
                instance=row,
                data=facts,
                fields=tuple(facts),
                event_type=events.PROGRAMME_PROCESS_UPDATED,
                details={"reason": _("Recomputed from the risk register and earlier audits.")},
            )
            for name in (*facts, "version", "updated_at"):
                setattr(row, name, getattr(saved, name))
            changed.append(str(row.process))
    return changed


@transaction.atomic
def programme_process_add(
    *, actor: Any, programme: AuditProgramme, data: Mapping[str, Any]
) -> ProgrammeProcess:
    """Put a process in the programme; its risk level, previous result and frequency are
    computed at once."""
    _require_draft(lock_for_change(programme, version=None))
    row: ProgrammeProcess = model_create(
        actor=actor,
        model=ProgrammeProcess,
        organization=programme.organization,
        data={**data, "programme": programme},
        fields=(*PROGRAMME_PROCESS.fields, "programme"),
        event_type=events.PROGRAMME_PROCESS_ADDED,
    )
    _apply_facts([row], programme, actor=actor)
    return row


@transaction.atomic
def programme_process_update(
    *,
    actor: Any,
    instance: ProgrammeProcess,
    data: Mapping[str, Any],
    version: int | None = None,
) -> ProgrammeProcess:
    """Change a row's importance, override or notes; the frequency follows."""
    _require_draft(lock_for_change(instance.programme, version=None))
    values = {k: v for k, v in data.items() if k != "process"}
    row, _changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=PROGRAMME_PROCESS.fields,
        event_type=events.PROGRAMME_PROCESS_UPDATED,
        version=version,
    )
    _apply_facts([row], row.programme, actor=actor)
    return row


@transaction.atomic
def programme_add_active_processes(*, actor: Any, programme: AuditProgramme) -> int:
    """Add every active process not yet in the programme (importance medium). Returns how
    many were added."""
    from qms.organizations.models import Process

    _require_draft(lock_for_change(programme, version=None))
    present = set(
        ProgrammeProcess.objects.for_organization(programme.organization_id)
        .filter(programme=programme)
        .values_list("process_id", flat=True)
    )
    added = 0
    for process in (
        Process.objects.for_organization(programme.organization_id)
        .filter(status="active")
        .exclude(pk__in=present)
        .order_by("name")
    ):
        programme_process_add(actor=actor, programme=programme, data={"process": process})
        added += 1
    return added


@transaction.atomic
def programme_refresh(*, actor: Any, programme: AuditProgramme) -> list[str]:
    """Re-read risk levels and previous results for every row (names of changed rows)."""
    _require_draft(lock_for_change(programme, version=None))
    return _apply_facts(selectors.programme_rows(programme=programme), programme, actor=actor)


def _auditor_pool(organization_id: int) -> list[Any]:
    """Members who may lead an audit (by any role they hold): internal auditors first, then
    managers."""
    from qms.accounts.models import Membership
    from qms.accounts.selectors import holding_roles
    from qms.core.permissions import Role

    order = {Role.INTERNAL_AUDITOR: 0, Role.QUALITY_MANAGER: 1, Role.OWNER: 2}
    members = (
        Membership.objects.for_organization(organization_id)
        .filter(holding_roles(order), user__is_active=True)
        .select_related("user")
        .order_by("id")
    )

    def rank(member: Any) -> tuple[int, int]:
        return min(order[role] for role in member.roles if role in order), member.pk

    return [m.user for m in sorted(members, key=rank)]


@transaction.atomic
def programme_plan(*, actor: Any, programme: AuditProgramme) -> list[Audit]:
    """Create the planned audits of the programme: for each process, as many as its
    frequency asks, spread over the year's months, led by an internal auditor who does not
    own the process. Idempotent: audits already there (any state but cancelled) count, so
    planning again only adds what is missing. Returns the audits created."""
    locked = lock_for_change(programme, version=None)
    rows = selectors.programme_rows(programme=locked)
    if not rows:
        raise ValidationError(_("Add the processes to audit to the programme first."))
    pool = _auditor_pool(locked.organization_id)
    if not pool:
        raise ValidationError(
            _("No member can lead an audit: give someone the internal auditor role first.")
        )
    existing: dict[int, set[date]] = {}
    for process_id, planned_month in (
        Audit.processes.through.objects.filter(
            audit__programme=locked, process_id__in=[row.process_id for row in rows]
        )
        .exclude(audit__status=AuditStatus.CANCELLED)
        .values_list("process_id", "audit__planned_month")
    ):
        existing.setdefault(process_id, set()).add(planned_month)
    created: list[Audit] = []
    turn = 0
    # A programme planned during its own year spreads its audits over the months left.
    today = timezone.localdate()
    first = today.month if locked.year == today.year else 1
    if locked.year < today.year:
        raise ValidationError(_("The programme's year is over: plan next year's programme."))
    for index, row in enumerate(rows):
        have = existing.get(row.process_id, set())
        missing = row.audits_per_year - len(have)
        if missing <= 0:
            continue
        targets = rules.spread_months(row.audits_per_year, offset=index, first=first)
        months = [m for m in targets if date(locked.year, m, 1) not in have][:missing]
        candidates = [user for user in pool if user.pk != row.process.owner_id]
        if not candidates:
            raise ValidationError(
                _("Nobody but the owner of “%(process)s” can lead its audit: add an auditor.")
                % {"process": row.process}
            )
        for month in months:
            lead = candidates[turn % len(candidates)]
            turn += 1
            created.append(
                audit_create(
                    actor=actor,
                    organization=locked.organization,
                    data={
                        "title": _("Audit of %(process)s") % {"process": row.process.name},
                        "programme": locked,
                        "processes": [row.process],
                        "lead_auditor": lead,
                        "planned_month": date(locked.year, month, 1),
                    },
                )
            )
    record_event(
        actor=actor,
        event_type=events.PROGRAMME_PLANNED,
        subject=locked,
        data={"created": [audit.number for audit in created]},
    )
    return created


def programme_approve_effect(
    *, obj: AuditProgramme, actor: Any, reason: str, signature: Any
) -> None:
    obj.approved_by = actor
    obj.approved_on = timezone.localdate()
    obj.save(update_fields=["approved_by", "approved_on"])


def programme_revise_effect(
    *, obj: AuditProgramme, actor: Any, reason: str, signature: Any
) -> None:
    obj.revision += 1
    obj.approved_by = None
    obj.approved_on = None
    obj.save(update_fields=["revision", "approved_by", "approved_on"])


# --- Audits --------------------------------------------------------------------------------


def _users(value: Any) -> list[Any]:
    return [user for user in (value or ()) if user is not None]


def check_independence(
    *, lead: Any, auditors: Iterable[Any], processes: Iterable[Any], field: str | None = None
) -> None:
    """Refuse a team in which someone audits a process they own (§9.2.2 c). Each message
    goes beside the lead auditor or the auditors field (or `field` when given, e.g.
    "processes" when only the processes changed)."""
    owned = [rules.OwnedProcess(name=p.name, owner_id=p.owner_id) for p in processes]
    errors: dict[str, list[str]] = {}
    team = [("lead_auditor", lead)] + [("auditors", user) for user in auditors]
    seen: set[int] = set()
    for name, user in team:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        person = rules.Person(pk=user.pk, name=str(user))
        for problem in rules.independence_problems(auditors=[person], processes=owned):
            errors.setdefault(field or name, []).append(problem)
    if errors:
        raise ValidationError(errors)


def _check_audit(organization_id: int, values: Mapping[str, Any], current: Audit | None) -> None:
    """Members, adopted clauses and independence, on the values after the change."""
    from qms.standards.selectors import adopted_edition_ids

    def value(name: str) -> Any:
        if name in values:
            return values[name]
        if current is None:
            return None
        if name in ("processes", "auditors", "auditees", "clauses"):
            return list(getattr(current, name).all())
        return getattr(current, name)

    if "lead_auditor" in values:
        check_member(
            organization_id=organization_id, user=values["lead_auditor"], field="lead_auditor"
        )
    for name in ("auditors", "auditees"):
        if name in values and not are_members(
            organization_id=organization_id, users=_users(values[name])
        ):
            raise ValidationError({name: _("Choose members of the organization.")})
    if values.get("clauses"):
        adopted = set(adopted_edition_ids(organization=organization_id))
        if any(clause.edition_id not in adopted for clause in values["clauses"]):
            raise ValidationError(
                {"clauses": _("Choose clauses of the standards your organization adopted.")}
            )
    programme = values.get("programme")
    if programme is not None and programme.organization_id != organization_id:
        raise ValidationError({"programme": _("Choose one of your organization's programmes.")})
    month = values.get("planned_month")
    if month is not None and month.day != 1:
        raise ValidationError({"planned_month": _("Give the first day of the month.")})
    if {"lead_auditor", "auditors", "processes"} & set(values):
        only_processes = not ({"lead_auditor", "auditors"} & set(values))
        field = "processes" if only_processes and current is not None else None
        check_independence(
            lead=value("lead_auditor"),
            auditors=_users(value("auditors")),
            processes=value("processes") or [],
            field=field,
        )


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    month = values.get("planned_month")
    if month is not None:
        values["planned_month"] = rules.month_start(month)
    return values


@transaction.atomic
def audit_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Audit:
    """A new planned audit numbered IA-<year of its month>-NNN; its checklist is generated
    from its criteria (checklists.checklist_generate)."""
    values = _normalise(dict(data))
    previous = values.pop("previous", None)
    unknown = sorted(set(values) - set(AUDIT.fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    if values.get("planned_month") is None:
        raise ValidationError({"planned_month": _("Enter the month the audit is planned for.")})
    if values.get("lead_auditor") is None:
        raise ValidationError({"lead_auditor": _("Name the lead auditor.")})
    _check_audit(organization.pk, values, None)
    year = values["planned_month"].year
    sequence = sequence_next(organization_id=organization.pk, key="internal_audit", year=year)
    values["number"] = f"IA-{year}-{sequence:03d}"
    if previous is not None:
        values["previous"] = previous
    audit: Audit = model_create(
        actor=actor,
        model=Audit,
        organization=organization,
        data=values,
        fields=(*AUDIT.fields, "number", "previous"),
        event_type=events.AUDIT_CREATED,
    )
    checklists.checklist_generate(actor=actor, audit=audit)
    return audit


_EDITABLE_STATES = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)


@transaction.atomic
def audit_update(
    *, actor: User, instance: Audit, data: Mapping[str, Any], version: int | None = None
) -> Audit:
    locked = lock_for_change(instance, version=version)
    if locked.status not in _EDITABLE_STATES:
        raise Conflict(_("Only a planned or running audit can be changed."))
    values = _normalise(dict(data))
    if "lead_auditor" in values and values["lead_auditor"] is None:
        raise ValidationError({"lead_auditor": _("Name the lead auditor.")})
    _check_audit(locked.organization_id, values, locked)
    audit, changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=AUDIT.fields,
        event_type=events.AUDIT_UPDATED,
        version=version,
    )
    if changed and "clauses" in values:
        checklists.checklist_generate(actor=actor, audit=audit)  # questions of the new criteria
    return audit


@transaction.atomic
def audit_follow_up(*, actor: Any, audit: Audit, planned_month: date | None = None) -> Audit:
    """A new planned audit of the same processes, criteria and team, following `audit`
    (re-audit): its checklist shows the previous answers beside each question."""
    if audit.status == AuditStatus.CANCELLED:
        raise Conflict(_("A cancelled audit has no follow-up."))
    month = rules.month_start(planned_month or timezone.localdate())
    return audit_create(
        actor=actor,
        organization=audit.organization,
        data={
            "title": _("Follow-up: %(title)s") % {"title": audit.title},
            "programme": audit.programme
            if audit.programme and audit.programme.year == month.year
            else None,
            "processes": list(audit.processes.all()),
            "clauses": list(audit.clauses.all()),
            "scope": audit.scope,
            "lead_auditor": audit.lead_auditor,
            "auditors": list(audit.auditors.all()),
            "auditees": list(audit.auditees.all()),
            "planned_month": month,
            "previous": audit,
        },
    )


def audit_start_effect(*, obj: Audit, actor: Any, reason: str, signature: Any) -> None:
    if obj.start_on is None:
        obj.start_on = timezone.localdate()
        obj.save(update_fields=["start_on"])


def audit_report_effect(*, obj: Audit, actor: Any, reason: str, signature: Any) -> None:
    today = timezone.localdate()
    obj.reported_on = today
    fields = ["reported_on"]
    if obj.end_on is None:
        obj.end_on = max(today, obj.start_on) if obj.start_on else today
        fields.append("end_on")
    obj.save(update_fields=fields)


def audit_close_effect(*, obj: Audit, actor: Any, reason: str, signature: Any) -> None:
    obj.closed_on = timezone.localdate()
    obj.save(update_fields=["closed_on"])
