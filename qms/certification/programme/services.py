"""Writes of the audit programme (ISO/IEC 17021-1 §9.1.3; domain spec §3.7, §8).

- `programme_create`: a cycle for a client, inside the accredited scope (unless its
  application is non-accredited), numbered CP-<year>-<nnnn>, with the audits its decision
  rests on (initial: Stage 1 and Stage 2; recertification: the recertification audit and,
  after significant changes, a Stage 1) or, for a transfer, the rest of the issuing body's
  schedule.
- `programme_set_decision`: D0 (recorded by the certification manager until the
  certification decision of issue 18 sets it): the expiry and the surveillance 1,
  surveillance 2 and recertification audits with their due windows come from the rules with
  the body's policy; the programme is certified (workflow step "certify").
- `cert_audit_plan`: dates, days, team and sites of one audit, checked against every date
  rule of the whole programme (hard rules refuse with the rule's message; soft ones need a
  justification and are kept as warnings), the accredited scope and each auditor's
  qualification.
- `cert_audit_confirm`, `cert_audit_complete`, `cert_audit_cancel`: the audit's declared
  workflow steps (workflows.py); completing Stage 2 records the programme's last day of
  Stage 2 (the 6-month rule for majors counts from it).
- `cert_audit_add_special`: a special audit (§9.6.4) with its purpose.

Each service is one transaction through core's helpers (row, audit event, version check
together). Nothing is deleted: an audit is cancelled with a reason, a programme closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.services import lock_for_change, model_create, model_update, sequence_next
from qms.core.workflow import model_transition

from ..body import selectors as body_selectors
from ..choices import (
    ApplicationStatus,
    AuditKind,
    CertAuditStatus,
    ProgrammeKind,
    ProgrammeStatus,
)
from ..models import Application, CertAudit, CertificationProgramme, Client
from . import events, planning, rules
from .selectors import team_members_of
from .specs import CERT_AUDIT, PROGRAMME_EDIT_FIELDS

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.standards.models import IafCode, StandardEdition

NUMBER_KEY = "certification.programme"
AUDIT_CREATE_FIELDS = ("programme", "kind", "due_from", "due_by", "purpose")
PLAN_FIELDS = (*CERT_AUDIT.fields, "warnings")


def policy_of(organization: Any) -> rules.ProgrammePolicy:
    """The certification body's programme settings (its defaults without a body)."""
    return body_selectors.programme_policy(organization)


def _facts(audit: CertAudit) -> planning.AuditFacts:
    return planning.AuditFacts(
        pk=audit.pk,
        kind=audit.kind,
        status=audit.status,
        start_date=audit.start_date,
        due_by=audit.due_by,
        override_justification=audit.override_justification,
    )


def _add_audit(
    *,
    actor: Any,
    programme: CertificationProgramme,
    kind: str,
    window: rules.DateWindow | None = None,
    purpose: str = "",
) -> CertAudit:
    audit: CertAudit = model_create(
        actor=actor,
        model=CertAudit,
        organization=programme.organization,
        data={
            "programme": programme,
            "kind": kind,
            "due_from": window.start if window else None,
            "due_by": window.end if window else None,
            "purpose": purpose,
        },
        fields=AUDIT_CREATE_FIELDS,
        event_type=events.CERT_AUDIT_ADDED,
    )
    return audit


# --- Programme ---------------------------------------------------------------------------


def _creation_problems(
    *,
    client: Client,
    kind: str,
    editions: Sequence[StandardEdition],
    iaf_codes: Sequence[IafCode],
    application: Application | None,
    previous_expiry: dt.date | None,
    today: dt.date,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if kind not in ProgrammeKind.values:
        add("kind", _("Choose the cycle: initial, recertification or transfer."))
    if not editions:
        add("editions", _("Choose the standards of the cycle."))
    if not iaf_codes:
        add("iaf_codes", _("Choose the IAF codes of the cycle."))
    if kind in (ProgrammeKind.RECERTIFICATION, ProgrammeKind.TRANSFER):
        if previous_expiry is None:
            add(
                "previous_expiry",
                _(
                    "A recertification or transferred cycle needs the expiry of the current "
                    "certificate."
                ),
            )
    elif previous_expiry is not None:
        add(
            "previous_expiry",
            _("An initial cycle has no previous certificate: leave the previous expiry empty."),
        )
    if kind == ProgrammeKind.TRANSFER and previous_expiry is not None and previous_expiry < today:
        add(
            "previous_expiry",
            _(
                "The certificate to transfer expired on %(date)s: only valid certification can "
                "be transferred (IAF MD 2)."
            )
            % {"date": previous_expiry.isoformat()},
        )
    if application is not None:
        if application.client_id != client.pk:
            add("application", _("The application is another client's."))
        elif application.status != ApplicationStatus.ACCEPTED:
            add(
                "application",
                _("Only an accepted application starts a programme; this one is %(status)s.")
                % {"status": application.get_status_display().lower()},
            )
    return errors


@transaction.atomic
def programme_create(
    *,
    actor: User,
    client: Client,
    kind: str,
    editions: Iterable[StandardEdition],
    iaf_codes: Iterable[IafCode],
    application: Application | None = None,
    previous_expiry: dt.date | None = None,
    stage1: bool = False,
    notes: str = "",
) -> CertificationProgramme:
    """A new programme (CP-<year>-<nnnn>) for `client`, with its first audits.

    Refused (ValidationError per field) outside the accredited scope on the day, unless the
    application is marked non-accredited. `stage1` asks for a Stage 1 in a recertification
    cycle (significant changes to the management system, organization or context).
    """
    editions = list(editions)
    iaf_codes = list(iaf_codes)
    organization = client.organization
    today = timezone.localdate()
    errors = _creation_problems(
        client=client,
        kind=kind,
        editions=editions,
        iaf_codes=iaf_codes,
        application=application,
        previous_expiry=previous_expiry,
        today=today,
    )
    non_accredited = application is not None and application.non_accredited
    if not errors and not non_accredited:
        problems = body_selectors.scope_problems(
            organization=organization, editions=editions, iaf_codes=iaf_codes, on_date=today
        )
        if problems:
            errors["iaf_codes"] = [
                *problems,
                _("Work outside the accredited scope needs an application marked non-accredited."),
            ]
    if errors:
        raise ValidationError(errors)
    number = sequence_next(organization_id=organization.pk, key=NUMBER_KEY, year=today.year)
    programme: CertificationProgramme = model_create(
        actor=actor,
        model=CertificationProgramme,
        organization=organization,
        data={
            "number": f"CP-{today.year}-{number:04d}",
            "client": client,
            "application": application,
            "kind": kind,
            "editions": editions,
            "iaf_codes": iaf_codes,
            "previous_expiry": previous_expiry,
            "notes": notes,
        },
        fields=(
            "number",
            "client",
            "application",
            "kind",
            "editions",
            "iaf_codes",
            "previous_expiry",
            "notes",
        ),
        event_type=events.PROGRAMME_CREATED,
    )
    policy = policy_of(organization)
    if kind == ProgrammeKind.INITIAL:
        _add_audit(actor=actor, programme=programme, kind=AuditKind.STAGE1)
        _add_audit(actor=actor, programme=programme, kind=AuditKind.STAGE2)
    elif kind == ProgrammeKind.RECERTIFICATION and previous_expiry is not None:
        if stage1:
            _add_audit(
                actor=actor,
                programme=programme,
                kind=AuditKind.STAGE1,
                purpose=_("Significant changes since the last audit (Stage 1 repeated)."),
            )
        _add_audit(
            actor=actor,
            programme=programme,
            kind=AuditKind.RECERTIFICATION,
            window=planning.opening_recertification_window(previous_expiry, policy),
        )
    elif previous_expiry is not None:  # a transfer (the expiry is checked above)
        anchor = planning.issuing_cycle_decision(previous_expiry, policy)
        for proposal in rules.proposed_audits(decision_date=anchor, policy=policy):
            if proposal.window.end >= today:  # the rest of the issuing body's schedule
                _add_audit(
                    actor=actor, programme=programme, kind=proposal.kind, window=proposal.window
                )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: User,
    instance: CertificationProgramme,
    data: Mapping[str, Any],
    version: int | None = None,
) -> CertificationProgramme:
    """Change the programme's notes (its cycle is set by creation and the decision)."""
    programme, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=PROGRAMME_EDIT_FIELDS,
        event_type=events.PROGRAMME_UPDATED,
        version=version,
    )
    return programme


def _decision_prerequisite(
    programme: CertificationProgramme, audits: Sequence[CertAudit], decision_date: dt.date
) -> str | None:
    """What must be done before the decision: Stage 2 of an initial cycle, the
    recertification audit of a recertification cycle (none for a transfer)."""
    if programme.kind == ProgrammeKind.INITIAL:
        stage2 = [a for a in audits if a.kind == AuditKind.STAGE2]
        if not any(a.status == CertAuditStatus.DONE for a in stage2):
            return _("Complete the Stage 2 audit before recording the certification decision.")
        last = programme.stage2_last_day
        if last is not None and decision_date < last:
            return _(
                "The decision of %(decision)s is before the last day of Stage 2 (%(last)s)."
            ) % {"decision": decision_date.isoformat(), "last": last.isoformat()}
    elif programme.kind == ProgrammeKind.RECERTIFICATION:
        opening = [
            a
            for a in audits
            if planning.is_opening(
                programme_kind=programme.kind,
                audit_kind=a.kind,
                due_by=a.due_by,
                previous_expiry=programme.previous_expiry,
            )
            and a.kind == AuditKind.RECERTIFICATION
        ]
        done = [a for a in opening if a.status == CertAuditStatus.DONE]
        if not done:
            return _(
                "Complete the recertification audit before recording the recertification decision."
            )
        last_day = max(a.end_date or a.start_date or decision_date for a in done)
        if decision_date < last_day:
            return _(
                "The decision of %(decision)s is before the last day of the recertification "
                "audit (%(last)s)."
            ) % {"decision": decision_date.isoformat(), "last": last_day.isoformat()}
    return None


@transaction.atomic
def programme_set_decision(
    *,
    actor: User,
    programme: CertificationProgramme,
    decision_date: dt.date,
    reason: str,
    version: int | None = None,
) -> CertificationProgramme:
    """Record the cycle's decision date D0: the expiry and the remaining audits of the cycle
    (surveillance 1 and 2, recertification) with their due windows are computed by the rules
    with the body's policy, every planned audit is checked against them, and the programme
    is certified. A transferred cycle keeps the issuing body's schedule and expiry."""
    locked = lock_for_change(programme, version=version)
    if locked.status != ProgrammeStatus.PLANNING:
        raise ValidationError(
            {
                "decision_date": _(
                    "The decision of this programme is already recorded (status: %(status)s)."
                )
                % {"status": locked.get_status_display().lower()}
            }
        )
    if decision_date > timezone.localdate():
        raise ValidationError(
            {"decision_date": _("The decision date is in the future: record it once taken.")}
        )
    audits = list(CertAudit.objects.filter(organization=locked.organization, programme=locked))
    problem = _decision_prerequisite(locked, audits, decision_date)
    if problem:
        raise ValidationError({"decision_date": problem})
    policy = policy_of(locked.organization)
    proposals: list[rules.ProposedAudit] = []
    if locked.kind == ProgrammeKind.TRANSFER and locked.previous_expiry is not None:
        expiry = locked.previous_expiry  # the transferred certificate's cycle continues
    else:
        previous = locked.previous_expiry if locked.kind == ProgrammeKind.RECERTIFICATION else None
        try:
            dates = rules.cycle_dates(
                decision_date=decision_date, policy=policy, previous_expiry=previous
            )
            proposals = rules.proposed_audits(
                decision_date=decision_date, policy=policy, previous_expiry=previous
            )
        except rules.ProgrammeRuleError as error:
            raise ValidationError({"decision_date": str(error)}) from error
        expiry = dates.expiry
    anchor = planning.cycle_anchor(
        kind=locked.kind,
        decision_date=decision_date,
        previous_expiry=locked.previous_expiry,
        policy=policy,
    )
    if anchor is None:  # not reached: the decision date is set
        raise ValidationError({"decision_date": _("Give the decision date.")})
    facts = [_facts(a) for a in audits] + [
        planning.AuditFacts(
            pk=None,
            kind=p.kind,
            status=CertAuditStatus.PLANNED,
            start_date=None,
            due_by=p.window.end,
        )
        for p in proposals
    ]
    blocking = rules.blocking_violations(
        planning.cycle_violations(facts, programme_kind=locked.kind, anchor=anchor, policy=policy)
    )
    if blocking:
        raise ValidationError({"decision_date": [v.message for v in blocking]})
    locked, _changed = model_update(
        actor=actor,
        instance=locked,
        data={"decision_date": decision_date, "expiry": expiry},
        fields=("decision_date", "expiry"),
        event_type=events.PROGRAMME_UPDATED,
        details={"reason": reason},
    )
    locked = model_transition(actor=actor, instance=locked, transition="certify", reason=reason)
    for proposal in proposals:
        _add_audit(actor=actor, programme=locked, kind=proposal.kind, window=proposal.window)
    return locked


# --- Audits ------------------------------------------------------------------------------


def _programme_of(audit: CertAudit) -> CertificationProgramme:
    programme: CertificationProgramme = (
        CertificationProgramme.objects.filter(organization_id=audit.organization_id)
        .select_related("application", "client")
        .prefetch_related("editions__standard", "iaf_codes")
        .get(pk=audit.programme_id)
    )
    return programme


def _assignment_problems(
    *,
    programme: CertificationProgramme,
    on_date: dt.date,
    lead_auditor: Any,
    team: Sequence[Any],
    sites: Sequence[Any],
) -> dict[str, list[str]]:
    """The accredited scope on the audit's day (unless non-accredited), each auditor's
    qualification for the programme's standards and IAF codes, and the sites' client."""
    errors: dict[str, list[str]] = {}
    organization = programme.organization
    editions = list(programme.editions.all())
    codes = list(programme.iaf_codes.all())
    standards = list({edition.standard_id: edition.standard for edition in editions}.values())
    application = programme.application
    if application is None or not application.non_accredited:
        problems = body_selectors.scope_problems(
            organization=organization, editions=editions, iaf_codes=codes, on_date=on_date
        )
        if problems:
            errors["start_date"] = problems
    if lead_auditor is not None:
        problems = body_selectors.qualification_problems(
            organization=organization,
            person=lead_auditor,
            standards=standards,
            iaf_codes=codes,
            on_date=on_date,
            lead=True,
        )
        if problems:
            errors["lead_auditor"] = problems
    for person in team:
        problems = body_selectors.qualification_problems(
            organization=organization,
            person=person,
            standards=standards,
            iaf_codes=codes,
            on_date=on_date,
        )
        if problems:
            errors.setdefault("team", []).extend(problems)
    foreign = [str(site) for site in sites if site.client_id != programme.client_id]
    if foreign:
        errors["sites"] = [
            _("Not a site of %(client)s: %(sites)s.")
            % {"client": programme.client, "sites": ", ".join(foreign)}
        ]
    return errors


def _date_violations(
    *,
    programme: CertificationProgramme,
    audit: CertAudit,
    planned: planning.AuditFacts,
    policy: rules.ProgrammePolicy,
) -> list[rules.Violation]:
    """Every rule the programme breaks with this audit on its new day; a refused cycle
    (dates outside the calendar, a restoration too late) is one hard violation."""
    try:
        return _date_rules(programme=programme, audit=audit, planned=planned, policy=policy)
    except rules.ProgrammeRuleError as error:
        return list(error.violations) or [
            rules.Violation(rule="cycle", severity=rules.HARD, kind="", message=str(error))
        ]


def _date_rules(
    *,
    programme: CertificationProgramme,
    audit: CertAudit,
    planned: planning.AuditFacts,
    policy: rules.ProgrammePolicy,
) -> list[rules.Violation]:
    if (
        programme.kind == ProgrammeKind.RECERTIFICATION
        and programme.previous_expiry
        and (
            planning.is_opening(
                programme_kind=programme.kind,
                audit_kind=audit.kind,
                due_by=audit.due_by,
                previous_expiry=programme.previous_expiry,
            )
            and audit.kind == AuditKind.RECERTIFICATION
        )
    ):
        return planning.opening_recertification_violations(
            planned, previous_expiry=programme.previous_expiry, policy=policy
        )
    others = CertAudit.objects.filter(
        organization_id=programme.organization_id, programme=programme
    ).exclude(pk=audit.pk)
    facts = [planned, *(_facts(other) for other in others)]
    anchor = planning.cycle_anchor(
        kind=programme.kind,
        decision_date=programme.decision_date,
        previous_expiry=programme.previous_expiry,
        policy=policy,
    )
    if anchor is None:
        return planning.stage_violations(facts, policy=policy)
    return planning.cycle_violations(
        facts, programme_kind=programme.kind, anchor=anchor, policy=policy
    )


def _rule_errors(
    violations: Sequence[rules.Violation], planned: planning.AuditFacts
) -> dict[str, list[str]]:
    """Hard violations refuse on the first day; a soft one about this audit without a
    justification asks for one, naming the rule; one about another audit refuses too
    (that audit must be planned again)."""
    errors: dict[str, list[str]] = {}
    for violation in rules.blocking_violations(violations):
        if violation.severity == rules.SOFT and planning.concerns(violation, planned):
            errors.setdefault("override_justification", []).append(
                _("%(message)s Give the justification to plan it there (rule: %(rule)s).")
                % {"message": violation.message, "rule": violation.rule}
            )
        else:
            errors.setdefault("start_date", []).append(violation.message)
    return errors


@transaction.atomic
def cert_audit_plan(
    *,
    actor: User,
    audit: CertAudit,
    start_date: dt.date | None,
    end_date: dt.date | None = None,
    audit_days: Decimal | None = None,
    lead_auditor: User | None = None,
    team: Iterable[User] = (),
    sites: Iterable[Any] = (),
    override_justification: str = "",
    version: int | None = None,
) -> CertAudit:
    """Plan (or re-plan) an audit: its days, auditor-days, lead auditor, team and sites.

    Refused (ValidationError per field) when the programme would break a hard date rule with
    this day (the rule's message, on `start_date`), a soft one without a justification (on
    `override_justification`, naming the rule), when the work is outside the accredited
    scope on the day, when an auditor is not qualified (on `lead_auditor` / `team`) or a
    site is not the client's. Accepted soft violations are kept in `warnings`.
    """
    locked = lock_for_change(audit, version=version)
    if locked.status not in planning.OPEN_STATES:
        raise ValidationError(
            {
                "start_date": _(
                    "Only a planned or confirmed audit can be planned; this one is %(status)s."
                )
                % {"status": locked.get_status_display().lower()}
            }
        )
    if start_date is None:
        raise ValidationError({"start_date": _("Give the audit's first day.")})
    end_date = end_date or start_date
    justification = (override_justification or "").strip()
    team = [person for person in dict.fromkeys(team) if person != lead_auditor]
    sites = list(dict.fromkeys(sites))
    programme = _programme_of(locked)
    errors: dict[str, list[str]] = {}
    if end_date < start_date:
        errors["end_date"] = [_("The last day is before the first day.")]
    members = team_members_of(locked)
    if members is not None:
        member_lead, member_team = members
        for field, problem in rules.team_field_problems(
            member_lead=member_lead,
            member_team=member_team,
            lead=getattr(lead_auditor, "pk", None),
            team={person.pk for person in team},
        ).items():
            errors[field] = [_(problem)]
    for field, messages in _assignment_problems(
        programme=programme, on_date=start_date, lead_auditor=lead_auditor, team=team, sites=sites
    ).items():
        errors.setdefault(field, []).extend(messages)
    planned = planning.AuditFacts(
        pk=locked.pk,
        kind=locked.kind,
        status=locked.status,
        start_date=start_date,
        due_by=locked.due_by,
        override_justification=justification,
    )
    violations = _date_violations(
        programme=programme, audit=locked, planned=planned, policy=policy_of(programme.organization)
    )
    for field, messages in _rule_errors(violations, planned).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    warnings = [
        violation.as_dict()
        for violation in violations
        if violation.accepted and planning.concerns(violation, planned)
    ]
    saved, _changed = model_update(
        actor=actor,
        instance=locked,
        data={
            "start_date": start_date,
            "end_date": end_date,
            "audit_days": audit_days,
            "lead_auditor": lead_auditor,
            "team": team,
            "sites": sites,
            "override_justification": justification if warnings else "",
            "warnings": warnings,
        },
        fields=PLAN_FIELDS,
        event_type=events.CERT_AUDIT_PLANNED,
    )
    _sync_team_access(actor=actor, audit=saved)
    return saved


def _sync_team_access(*, actor: User, audit: CertAudit) -> None:
    """The audit team's read access to a consenting client's records follows the audit's
    days and team (qms.certification.portal builds on this area, hence the late import)."""
    from ..portal.services import audit_team_access_sync

    audit_team_access_sync(actor=actor, audit=audit)


def cert_audit_confirm(*, actor: User, audit: CertAudit, version: int | None = None) -> CertAudit:
    """The client confirmed the planned dates (workflow step "confirm")."""
    return model_transition(actor=actor, instance=audit, transition="confirm", version=version)


@transaction.atomic
def cert_audit_complete(
    *,
    actor: User,
    audit: CertAudit,
    end_date: dt.date | None = None,
    version: int | None = None,
) -> CertAudit:
    """The audit is done: record its last day (`end_date`, else the planned one) and take
    the workflow step "complete" (for Stage 2 the programme's last day of Stage 2 is set by
    the step's effect)."""
    locked = lock_for_change(audit, version=version)
    if end_date is not None and end_date != locked.end_date:
        if locked.status not in planning.OPEN_STATES:
            raise ValidationError(
                {"end_date": _("Only a planned or confirmed audit can be completed.")}
            )
        if locked.start_date is None:
            raise ValidationError({"end_date": _("Plan the audit's first day first.")})
        if end_date < locked.start_date:
            raise ValidationError({"end_date": _("The last day is before the first day.")})
        if end_date > timezone.localdate():
            raise ValidationError({"end_date": _("The last day is in the future.")})
        locked, _changed = model_update(
            actor=actor,
            instance=locked,
            data={"end_date": end_date},
            fields=("end_date",),
            event_type=events.CERT_AUDIT_PLANNED,
        )
    return model_transition(actor=actor, instance=locked, transition="complete")


def cert_audit_cancel(
    *, actor: User, audit: CertAudit, reason: str, version: int | None = None
) -> CertAudit:
    """Cancel the audit with a reason (workflow step "cancel"); it stays on record, and the
    team's access to the client's records ends."""
    with transaction.atomic():
        cancelled = model_transition(
            actor=actor, instance=audit, transition="cancel", reason=reason, version=version
        )
        _sync_team_access(actor=actor, audit=cancelled)
    return cancelled


def record_stage2_last_day(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "complete": a Stage 2 audit's last day is the programme's last day of
    Stage 2, from which majors must be verified within the body's limit (§3.3)."""
    if obj.kind != AuditKind.STAGE2 or obj.end_date is None:
        return
    programme = CertificationProgramme.objects.filter(organization_id=obj.organization_id).get(
        pk=obj.programme_id
    )
    if programme.stage2_last_day is None or programme.stage2_last_day < obj.end_date:
        model_update(
            actor=actor,
            instance=programme,
            data={"stage2_last_day": obj.end_date},
            fields=("stage2_last_day",),
            event_type=events.PROGRAMME_UPDATED,
            details={"reason": _("Stage 2 audit completed.")},
        )


@transaction.atomic
def cert_audit_add_special(
    *,
    actor: User,
    programme: CertificationProgramme,
    purpose: str,
    due_by: dt.date | None = None,
) -> CertAudit:
    """A special audit (§9.6.4: scope extension, short notice, follow-up of major
    nonconformities, transfer visit) with its purpose; planned like any other audit."""
    locked = lock_for_change(programme, version=None)
    if locked.status in (ProgrammeStatus.COMPLETED, ProgrammeStatus.CLOSED):
        raise ValidationError(
            {
                "purpose": _("The programme is %(status)s: no audit can be added.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say why the special audit is needed.")})
    window = rules.DateWindow(due_by, due_by) if due_by else None
    return _add_audit(
        actor=actor, programme=locked, kind=AuditKind.SPECIAL, window=window, purpose=purpose
    )
