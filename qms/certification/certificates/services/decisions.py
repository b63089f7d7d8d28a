"""The technical review and the certification decision (ISO/IEC 17021-1 §9.5; domain spec
§3.4, §3.7, §8).

- `decision_open`: a decision for a programme over the audits that feed it (initial: Stage 1
  and Stage 2; recertification or restoration: the recertification audit; scope extension: the
  special audit; scope reduction: none needed), numbered DEC-<year>-<nnnn>, with its review.
- `decision_review`: the technical review computed and stored (`review`), with the
  reviewer's notes and the justification of an audit-time difference.
- `decision_grant`: refused with the reasons when the decision-maker was on an audit team,
  a major is not verified, a minor has no accepted plan, an initial decision's majors were
  verified too late, the scope is outside the accreditation, the effective date is before
  the decision; otherwise signed, the programme's decision date set and the certificate
  issued (a new number, or the next revision of the current one).
- `decision_refuse`: with reasons, signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import TransitionRefused
from qms.core.services import lock_for_change, model_create, model_update, sequence_next
from qms.core.signatures import signature_verify_password
from qms.core.workflow import may_transition, model_transition, workflow_for

from ...body import selectors as body_selectors
from ...choices import (
    ApplicationStatus,
    AuditKind,
    CertAuditStatus,
    CertificateStatus,
    ClientStatus,
    DecisionKind,
    DecisionStatus,
    ProgrammeStatus,
    Recommendation,
    Stage1Conclusion,
)
from ...models import CertAudit, Certificate, CertificationDecision, CertificationProgramme
from ...programme import services as programme_services
from .. import events, rules, selectors
from . import issuing

if TYPE_CHECKING:
    from qms.accounts.models import User

NUMBER_KEY = "certification.decision"
K = DecisionKind
RENEWING = (K.RECERTIFICATION, K.RESTORATION)
SCOPE_CHANGES = (K.SCOPE_EXTENSION, K.SCOPE_REDUCTION)


# --- Opening ---------------------------------------------------------------------------------


def _required_audit(kind: str) -> tuple[str, str] | None:
    return {
        K.INITIAL: (AuditKind.STAGE2, _("An initial decision rests on the Stage 2 audit.")),
        K.RECERTIFICATION: (
            AuditKind.RECERTIFICATION,
            _("A recertification decision rests on the recertification audit."),
        ),
        K.RESTORATION: (
            AuditKind.RECERTIFICATION,
            _("A restoration rests on the recertification audit."),
        ),
    }.get(K(kind))


def _open_problems(
    *,
    programme: CertificationProgramme,
    kind: str,
    audits: Sequence[CertAudit],
    current: Certificate | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if kind not in K.values:
        add("kind", _("Choose what the decision is on."))
        return errors
    foreign = [a for a in audits if a.programme_id != programme.pk]
    if foreign:
        add("audits", _("Choose audits of this programme only."))
    not_done = [str(a.get_kind_display()) for a in audits if a.status != CertAuditStatus.DONE]
    if not_done:
        add(
            "audits",
            _("Only audits that are done feed a decision: %(audits)s.")
            % {"audits": ", ".join(not_done)},
        )
    required = _required_audit(kind)
    if required and not any(a.kind == required[0] for a in audits):
        add("audits", required[1])
    if kind == K.SCOPE_EXTENSION and not audits:
        add("audits", _("A scope extension rests on the audit of the new scope."))
    if kind in (K.INITIAL, *RENEWING) and programme.status != ProgrammeStatus.PLANNING:
        add(
            "kind",
            _("The decision of this programme is already taken (%(status)s).")
            % {"status": programme.get_status_display().lower()},
        )
    if kind == K.RESTORATION and (current is None or current.status != CertificateStatus.EXPIRED):
        add("kind", _("A restoration is decided for an expired certificate only."))
    if (
        kind == K.RECERTIFICATION
        and current is not None
        and current.status == CertificateStatus.EXPIRED
    ):
        add("kind", _("The certificate has expired: decide a restoration instead."))
    if kind in SCOPE_CHANGES:
        allowed = (
            (CertificateStatus.ACTIVE,)
            if kind == K.SCOPE_EXTENSION
            else (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)
        )
        if current is None or current.status not in allowed:
            add(
                "kind",
                _("A scope change needs the client's current certificate (active%(s)s).")
                % {"s": "" if kind == K.SCOPE_EXTENSION else _(" or suspended")},
            )
    return errors


@transaction.atomic
def decision_open(
    *,
    actor: User,
    programme: CertificationProgramme,
    kind: str,
    audits: Iterable[CertAudit] | None = None,
) -> CertificationDecision:
    """Open the decision file for the technical review (its review is computed at once).
    Without `audits`, the done audits a decision of this kind usually rests on."""
    chosen = list(audits) if audits is not None else selectors.default_audits(programme, kind)
    current = None
    if kind in K.values:
        current = selectors.current_certificate(
            organization=programme.organization,
            client_id=programme.client_id,
            edition_ids=[e.pk for e in programme.editions.all()],
        )
    errors = _open_problems(programme=programme, kind=kind, audits=chosen, current=current)
    pending = CertificationDecision.objects.filter(
        organization_id=programme.organization_id,
        programme=programme,
        status=DecisionStatus.PENDING,
    )
    if not errors and pending.exists():
        errors["kind"] = [_("This programme already has a decision in technical review.")]
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    seq = sequence_next(organization_id=programme.organization_id, key=NUMBER_KEY, year=today.year)
    decision: CertificationDecision = model_create(
        actor=actor,
        model=CertificationDecision,
        organization=programme.organization,
        data={
            "number": f"DEC-{today.year}-{seq:04d}",
            "programme": programme,
            "kind": kind,
            "audits": chosen,
        },
        fields=("number", "programme", "kind", "audits"),
        event_type=events.DECISION_OPENED,
    )
    review = compute_review(decision, today=today)
    decision.review = review
    decision.save(update_fields=["review"])
    return decision


# --- The technical review ----------------------------------------------------------------------


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    """The total of the recorded values; None when none is recorded."""
    recorded = [Decimal(value) for value in values if value is not None]
    return sum(recorded, Decimal("0")) if recorded else None


def _application_problem(programme: CertificationProgramme) -> str | None:
    client = programme.client
    if client.status == ClientStatus.FORMER:
        return _("%(client)s is a former client.") % {"client": client}
    application = programme.application
    if application is None:
        return None
    if application.status != ApplicationStatus.ACCEPTED:
        return _("The application %(number)s is %(status)s.") % {
            "number": application.number,
            "status": application.get_status_display().lower(),
        }
    return None


def review_items(
    decision: CertificationDecision,
    *,
    today: dt.date,
    editions: Sequence[Any] | None = None,
    iaf_codes: Sequence[Any] | None = None,
) -> list[rules.ReviewItem]:
    """Every check of the technical review, on today's facts."""
    programme = decision.programme
    audits = selectors.decision_audits(decision)
    findings = selectors.finding_facts(audits)
    policy = body_selectors.programme_policy(programme.organization)
    items = rules.findings_items(
        findings=findings,
        initial=decision.kind == K.INITIAL,
        stage2_last_day=programme.stage2_last_day,
        months=policy.major_verification_months,
        today=today,
    )
    reasons = [a.time_difference_reason.strip() for a in audits if a.time_difference_reason]
    justification = decision.audit_time_justification.strip() or " ".join(reasons)
    items.append(
        rules.audit_time_item(
            planned=_sum([a.audit_days for a in audits]),
            spent=_sum([a.days_spent for a in audits]),
            calculated=selectors.latest_calculation(programme, decision.kind),
            justification=justification,
        )
    )
    missing = [
        str(a.get_kind_display())
        for a in audits
        if not (a.conclusion.strip() or a.stage1_conclusion == Stage1Conclusion.READY)
    ]
    not_ready = [a for a in audits if a.stage1_conclusion == Stage1Conclusion.NOT_READY]
    if not_ready:
        missing.append(_("Stage 1 concluded “not ready”"))
    items.append(rules.conclusions_item(missing))
    recommending = [a for a in audits if a.recommendation]
    last = recommending[-1] if recommending else None
    items.append(
        rules.recommendation_item(
            last.recommendation if last else "",
            str(Recommendation(last.recommendation).label) if last else "",
        )
    )
    items.append(rules.application_item(_application_problem(programme)))
    application = programme.application
    non_accredited = application is not None and application.non_accredited
    problems = []
    if not non_accredited:
        problems = body_selectors.scope_problems(
            organization=programme.organization,
            editions=editions if editions is not None else list(programme.editions.all()),
            iaf_codes=iaf_codes if iaf_codes is not None else list(programme.iaf_codes.all()),
            on_date=today,
        )
    items.append(rules.scope_item(problems, non_accredited=non_accredited))
    return items


def compute_review(decision: CertificationDecision, *, today: dt.date) -> dict[str, Any]:
    items = review_items(decision, today=today)
    return {
        "computed_on": today.isoformat(),
        "ok": not rules.blocking_problems(items),
        "items": [item.as_dict() for item in items],
    }


@transaction.atomic
def decision_review(
    *,
    actor: User,
    decision: CertificationDecision,
    reviewer_notes: str | None = None,
    audit_time_justification: str | None = None,
    version: int | None = None,
) -> CertificationDecision:
    """Record the technical review: the notes, the justification of an audit-time
    difference, and the checks recomputed on today's facts."""
    current = lock_for_change(decision, version=version)
    if current.status != DecisionStatus.PENDING:
        raise TransitionRefused(_("The decision is taken: its review is closed."))
    data: dict[str, Any] = {}
    if reviewer_notes is not None:
        data["reviewer_notes"] = reviewer_notes.strip()
    if audit_time_justification is not None:
        data["audit_time_justification"] = audit_time_justification.strip()
    for name, value in data.items():
        setattr(current, name, value)
    data["review"] = compute_review(current, today=timezone.localdate())
    saved, _changed = model_update(
        actor=actor,
        instance=current,
        data=data,
        fields=("reviewer_notes", "audit_time_justification", "review"),
        event_type=events.DECISION_REVIEWED,
    )
    return saved


# --- Deciding ------------------------------------------------------------------------------------


def record_decision(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "grant" and "refuse": who decided, when, why (the event has them too)."""
    obj.decided_by = actor
    obj.decided_on = obj.decided_on or timezone.localdate()
    obj.reasons = reason
    obj.save(update_fields=["decided_by", "decided_on", "reasons"])


def _may_decide(actor: Any, decision: CertificationDecision, step: str) -> None:
    workflow = workflow_for(CertificationDecision)
    if workflow is None:  # pragma: no cover
        return
    transition = workflow.transition(step)
    if decision.status not in transition.source:
        raise TransitionRefused(
            _("The decision is already taken (%(status)s).")
            % {"status": decision.get_status_display().lower()}
        )
    if not may_transition(user=actor, obj=decision, transition=transition):
        raise TransitionRefused(_("Only a decision-maker decides on certification."))
    audit_ids = list(decision.audits.values_list("pk", flat=True))
    problem = rules.independence_problem(
        decider_id=actor.pk, team_ids=selectors.team_person_ids(audit_ids)
    )
    if problem:
        raise TransitionRefused(problem, errors={"decision": [problem]})


def decision_refuse(
    *,
    actor: User,
    decision: CertificationDecision,
    reasons: str,
    password: str | None = None,
    version: int | None = None,
) -> CertificationDecision:
    """Refuse certification with reasons (signed "decided")."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": [_("Give the reasons for the refusal.")]})
    _may_decide(actor, decision, "refuse")
    return model_transition(
        actor=actor,
        instance=decision,
        transition="refuse",
        reason=reasons,
        password=password,
        meaning="decided",
        version=version,
    )


def _grant_problems(
    *,
    decision: CertificationDecision,
    current: Certificate | None,
    decided_on: dt.date,
    effective: dt.date,
    editions: Sequence[Any],
    iaf_codes: Sequence[Any],
    today: dt.date,
) -> tuple[dict[str, list[str]], list[str]]:
    """(field errors of the input, refusals of the facts)."""
    errors: dict[str, list[str]] = {}
    if decided_on > today:
        errors["decision_date"] = [_("The decision date is in the future: record it once taken.")]
    problem = rules.effective_date_problem(effective=effective, decided_on=decided_on)
    if problem:
        errors["effective_date"] = [problem]
    items = review_items(decision, today=decided_on, editions=editions, iaf_codes=iaf_codes)
    refusals = rules.blocking_problems(items)
    policy = body_selectors.programme_policy(decision.organization)
    if decision.kind == K.RECERTIFICATION and current is not None and current.expiry_date:
        if decided_on >= current.expiry_date:
            refusals.append(
                _(
                    "The certificate expired on %(expiry)s: a recertification decided on or "
                    "after expiry is a restoration."
                )
                % {"expiry": current.expiry_date.isoformat()}
            )
    if decision.kind == K.RESTORATION and current is not None:
        late = rules.restoration_problem(
            expiry_date=current.expiry_date,
            decided_on=decided_on,
            restoration_months=policy.restoration_months,
        )
        if late:
            refusals.append(late)
    return errors, refusals


def _content(
    decision: CertificationDecision,
    current: Certificate | None,
    *,
    scope: str | None,
    sites: Sequence[Any] | None,
    editions: Sequence[Any],
    iaf_codes: Sequence[Any],
) -> issuing.CertificateContent:
    programme = decision.programme
    client = programme.client
    application = programme.application
    if current is not None:
        content = issuing.content_of(current)
        content.holder_name = client.legal_name
        content.holder_address = client.address
    else:
        content = issuing.CertificateContent(
            holder_name=client.legal_name,
            holder_address=client.address,
            scope=application.scope if application is not None else "",
            editions=[],
            iaf_codes=[],
            sites=list(application.sites.all()) if application is not None else [],
            accredited=not (application is not None and application.non_accredited),
        )
    if application is not None and decision.kind != K.SCOPE_REDUCTION:
        content.accredited = not application.non_accredited
    content.editions = list(editions)
    content.iaf_codes = list(iaf_codes)
    if scope is not None:
        content.scope = scope.strip()
    if sites is not None:
        content.sites = list(sites)
        content.sites_text = ""
    if not content.sites:
        content.sites = list(client.sites.all())
        content.sites_text = ""
    return content


def decision_grant(
    *,
    actor: User,
    decision: CertificationDecision,
    reasons: str,
    password: str | None = None,
    effective_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    scope: str | None = None,
    sites: Sequence[Any] | None = None,
    editions: Sequence[Any] | None = None,
    iaf_codes: Sequence[Any] | None = None,
    version: int | None = None,
) -> Certificate:
    """Grant certification and issue the certificate (see the module's docstring).

    Raises ValidationError for bad input (reasons, dates, scope), TransitionRefused (409)
    when the facts refuse it, with every reason; nothing is written then."""
    today = timezone.localdate()
    decided_on = decision_date or today
    effective = effective_date or decided_on
    reasons = (reasons or "").strip()
    fresh = CertificationDecision.objects.filter(organization_id=decision.organization_id).get(
        pk=decision.pk
    )
    programme = (
        CertificationProgramme.objects.filter(organization_id=fresh.organization_id)
        .select_related("client", "application")
        .get(pk=fresh.programme_id)
    )
    editions = list(editions) if editions is not None else list(programme.editions.all())
    iaf_codes = list(iaf_codes) if iaf_codes is not None else list(programme.iaf_codes.all())
    current = selectors.current_certificate(
        organization=programme.organization,
        client_id=programme.client_id,
        edition_ids=[e.pk for e in (*editions, *programme.editions.all())],
    )
    _may_decide(actor, fresh, "grant")
    errors, refusals = _grant_problems(
        decision=fresh,
        current=current,
        decided_on=decided_on,
        effective=effective,
        editions=editions,
        iaf_codes=iaf_codes,
        today=today,
    )
    if not reasons:
        errors["reasons"] = [_("Give the reasons for the decision.")]
    content = _content(
        fresh, current, scope=scope, sites=sites, editions=editions, iaf_codes=iaf_codes
    )
    if not content.scope:
        errors["scope"] = [_("Give the scope of certification as it will be printed.")]
    if not editions:
        errors["editions"] = [_("Choose the standards of the certificate.")]
    foreign = [s for s in content.sites if s.client_id != programme.client_id]
    if foreign:
        errors["sites"] = [_("Choose sites of %(client)s.") % {"client": programme.client}]
    if fresh.kind in SCOPE_CHANGES and current is not None and not errors:
        before = (
            current.scope.strip(),
            issuing.ids(current.iaf_codes.all()),
            issuing.ids(current.sites.all()),
            issuing.ids(current.editions.all()),
        )
        after = (
            content.scope,
            issuing.ids(content.iaf_codes),
            issuing.ids(content.sites),
            issuing.ids(content.editions),
        )
        if before == after:
            errors["scope"] = [_("A scope change changes the scope, sites, standards or codes.")]
    if errors:
        raise ValidationError(errors)
    if refusals:
        raise TransitionRefused(" ".join(refusals), errors={"decision": refusals})
    if password is not None:
        # Checked before the transaction: a wrong password is logged and stays logged.
        signature_verify_password(signer=actor, password=password, obj=fresh, transition="grant")
    with transaction.atomic():
        return _issue(
            actor=actor,
            decision=fresh,
            programme=programme,
            current=current,
            content=content,
            reasons=reasons,
            password=password,
            decided_on=decided_on,
            effective=effective,
            today=today,
            version=version,
        )


def _issue(
    *,
    actor: User,
    decision: CertificationDecision,
    programme: CertificationProgramme,
    current: Certificate | None,
    content: issuing.CertificateContent,
    reasons: str,
    password: str | None,
    decided_on: dt.date,
    effective: dt.date,
    today: dt.date,
    version: int | None,
) -> Certificate:
    locked = lock_for_change(decision, version=version)
    if locked.status != DecisionStatus.PENDING:
        raise TransitionRefused(_("The decision is already taken."))
    kind = K(locked.kind)
    if kind in (K.INITIAL, *RENEWING) and programme.status == ProgrammeStatus.PLANNING:
        programme = programme_services.programme_set_decision(
            actor=actor, programme=programme, decision_date=decided_on, reason=reasons
        )
    if kind in SCOPE_CHANGES and current is not None:
        number, revision = current.number, current.revision + 1
        initial = current.initial_certification_date or decided_on
        cycle_start, expiry = current.cycle_start, current.expiry_date
    elif kind in RENEWING and current is not None:
        number, revision = current.number, current.revision + 1
        initial = current.initial_certification_date or decided_on
        cycle_start, expiry = decided_on, programme.expiry
    else:
        number = issuing.next_number(
            organization=programme.organization, editions=content.editions, on_date=decided_on
        )
        revision, initial, cycle_start, expiry = 1, decided_on, decided_on, programme.expiry
        current = None
    locked.decided_on = decided_on
    locked.save(update_fields=["decided_on"])
    certificate = issuing.create_revision(
        actor=actor,
        programme=programme,
        decision=locked,
        content=content,
        number=number,
        revision=revision,
        previous=current,
        initial_certification_date=initial,
        cycle_start=cycle_start,
        effective_date=effective,
        # A decision recorded after the fact (a past decision date) was issued then; one
        # effective in the future is issued today.
        issue_date=min(today, effective),
        expiry_date=expiry,
    )
    model_transition(
        actor=actor,
        instance=locked,
        transition="grant",
        reason=reasons,
        password=password,
        meaning="decided",
    )
    certificate = model_transition(actor=actor, instance=certificate, transition="grant")
    if current is not None:
        model_transition(
            actor=actor,
            instance=current,
            transition="supersede",
            reason=_("Replaced by revision %(revision)s (%(decision)s).")
            % {"revision": revision, "decision": locked.number},
        )
    return certificate
