"""The life of a certificate after it is issued (domain spec §3.6): suspend (R1 to R3 or a
contractual reason, with a deadline), restore before the deadline, withdraw, cancel, expire
(the daily job, or by hand once the expiry date has passed), reissue a corrected revision;
suspensions past their deadline are withdrawn by the daily job.

Every step is a declared transition (certificates/workflows.py); its effect
`record_status_change` appends the history entry, publishes to the public registry in the
same transaction and tells the client after commit. A refused step changes nothing and
writes no event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.audit import record_event
from qms.core.errors import TransitionRefused
from qms.core.services import lock_for_change, model_update
from qms.core.workflow import _state_refusal, model_transition, workflow_for

from ...body.selectors import programme_policy
from ...choices import (
    CertificateChange,
    CertificateStatus,
    DecisionKind,
    SuspensionReason,
)
from ...models import Certificate, CertificateStatusChange
from .. import events, rules, selectors
from . import issuing, publishing

if TYPE_CHECKING:
    from qms.accounts.models import User

C = CertificateStatus

REISSUE_FIELDS = ("holder_name", "holder_address", "sites_text", "languages", "confidential")
SYSTEM_WITHDRAWAL = "The suspension deadline passed without the cause resolved."
SYSTEM_EXPIRY = "The expiry date passed without a recertification decision."


# --- Effects of every step ---------------------------------------------------------------------


def _change_of(obj: Certificate, from_status: str) -> str:
    """The kind of history entry for the certificate's new state."""
    to_status = obj.status
    if to_status == C.ACTIVE:
        if from_status == C.SUSPENDED:
            return CertificateChange.RESTORED
        previous = obj.previous
        decision = obj.decision
        if previous is not None and decision is not None and previous.decision_id == decision.pk:
            return CertificateChange.REISSUED
        kind = decision.kind if decision is not None else DecisionKind.INITIAL
        return {
            DecisionKind.INITIAL: CertificateChange.ISSUED,
            DecisionKind.RECERTIFICATION: CertificateChange.RENEWED,
            DecisionKind.RESTORATION: CertificateChange.RESTORED,
            DecisionKind.SCOPE_EXTENSION: CertificateChange.SCOPE_EXTENDED,
            DecisionKind.SCOPE_REDUCTION: CertificateChange.SCOPE_REDUCED,
        }[DecisionKind(kind)]
    return {
        C.SUSPENDED: CertificateChange.SUSPENDED,
        C.WITHDRAWN: CertificateChange.WITHDRAWN,
        C.CANCELLED: CertificateChange.CANCELLED,
        C.EXPIRED: CertificateChange.EXPIRED,
        C.SUPERSEDED: CertificateChange.SUPERSEDED,
    }[C(to_status)]


def record_status_change(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    """Effect of every certificate step: the history entry, the registry, the client."""
    last = (
        CertificateStatusChange.objects.filter(organization_id=obj.organization_id, certificate=obj)
        .order_by("-id")
        .first()
    )
    from_status = last.to_status if last is not None else C.DRAFT
    change = _change_of(obj, from_status)
    today = timezone.localdate()
    # Issuing on a decision recorded after the fact dates the entry on the effective date.
    on = today
    if from_status == C.DRAFT and obj.effective_date is not None:
        on = min(today, obj.effective_date)
    if not reason and change not in (CertificateChange.SUPERSEDED,):
        reason = obj.decision.reasons if obj.decision is not None else ""
    if change == CertificateChange.SUPERSEDED:
        newer = selectors.latest_revision(obj)
        reason = reason or _("Replaced by revision %(revision)s.") % {"revision": newer.revision}
    CertificateStatusChange.objects.create(
        organization_id=obj.organization_id,
        certificate=obj,
        change=change,
        from_status=from_status,
        to_status=obj.status,
        on=on,
        reason=reason,
        actor=actor,
    )
    obj.status_changed_on = on
    obj.save(update_fields=["status_changed_on"])
    if change == CertificateChange.SUPERSEDED:
        return  # the new revision is published and announced instead
    publishing.publish(obj, change=change)
    publishing.tell_client(certificate=obj, change=change, reason=reason)


def clear_suspension(*, obj: Any, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "restore": the suspension's reason and deadline no longer apply."""
    obj.suspension_reason = ""
    obj.suspended_until = None
    obj.save(update_fields=["suspension_reason", "suspended_until"])


# --- Steps without a person: the daily job ------------------------------------------------------


def system_transition(*, instance: Certificate, name: str, reason: str) -> Certificate | None:
    """Take a step as the system (no actor: the daily job), with the same checks, event
    and effects as `model_transition`; None when the state or a guard no longer allows it."""
    workflow = workflow_for(Certificate)
    if workflow is None:  # pragma: no cover - registered at start-up
        return None
    step = workflow.transition(name)
    with transaction.atomic():
        current = lock_for_change(instance, version=None)
        if current.status not in step.source:
            return None
        if any(guard(obj=current, actor=None) for guard in step.guards):
            return None
        before = current.status
        current.status = step.target
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        record_event(
            actor=None,
            event_type=step.event_type,
            subject=current,
            before={"status": before},
            after={"status": step.target},
            data={"transition": step.name, "reason": reason, "version": current.version},
        )
        for effect in step.effects:
            effect(obj=current, actor=None, reason=reason, signature=None)
    return current


def certificates_expire_due(*, today: dt.date | None = None) -> list[Certificate]:
    """Daily: active certificates whose expiry date has passed (no recertification decision
    before it) become expired. Idempotent: a second run finds nothing."""
    today = today or timezone.localdate()
    done = []
    for certificate in selectors.expired_but_active(today=today):
        changed = system_transition(instance=certificate, name="expire", reason=SYSTEM_EXPIRY)
        if changed is not None:
            done.append(changed)
    return done


def certificates_withdraw_overdue(*, today: dt.date | None = None) -> list[Certificate]:
    """Daily: suspended certificates past their deadline are withdrawn."""
    today = today or timezone.localdate()
    done = []
    for certificate in selectors.suspensions_overdue(today=today):
        changed = system_transition(instance=certificate, name="withdraw", reason=SYSTEM_WITHDRAWAL)
        if changed is not None:
            done.append(changed)
    return done


def certificate_expire_due(*, today: dt.date | None = None) -> dict[str, list[Certificate]]:
    """The daily job: expiries and overdue suspensions (`qms certificates daily`)."""
    return {
        "expired": certificates_expire_due(today=today),
        "withdrawn": certificates_withdraw_overdue(today=today),
    }


# --- Steps by a person -------------------------------------------------------------------------


def _require_state(certificate: Certificate, name: str) -> None:
    """Refuse a step from the wrong state before anything is written."""
    workflow = workflow_for(Certificate)
    if workflow is None:  # pragma: no cover
        return
    problem = _state_refusal(workflow, workflow.transition(name), certificate)
    if problem:
        raise TransitionRefused(problem)


@transaction.atomic
def certificate_suspend(
    *,
    actor: User,
    certificate: Certificate,
    reason_code: str,
    reason: str,
    until: dt.date | None = None,
    justification: str = "",
    version: int | None = None,
) -> Certificate:
    """Suspend an active certificate (§9.6.5): why (R1, R2, R3 or a contractual reason) in
    words, until when (default: the body's maximum suspension). A longer suspension needs a
    justification. The client is told to stop using the certification marks."""
    current = lock_for_change(certificate, version=version)
    _require_state(current, "suspend")
    errors: dict[str, list[str]] = {}
    if reason_code not in SuspensionReason.values:
        errors["reason_code"] = [_("Choose why the certificate is suspended.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("A reason is required.")]
    today = timezone.localdate()
    policy = programme_policy(current.organization)
    until = until or rules.suspension_until(
        suspended_on=today, max_months=policy.max_suspension_months
    )
    problem = rules.suspension_problem(
        suspended_on=today,
        until=until,
        max_months=policy.max_suspension_months,
        justification=justification,
    )
    if problem:
        field = "until" if until <= today else "justification"
        errors.setdefault(field, []).append(problem)
    if errors:
        raise ValidationError(errors)
    details: dict[str, Any] = {"reason": reason}
    if justification.strip():
        details["justification"] = justification.strip()
    current, _changed = model_update(
        actor=actor,
        instance=current,
        data={"suspension_reason": reason_code, "suspended_until": until},
        fields=("suspension_reason", "suspended_until"),
        event_type=events.CERTIFICATE_UPDATED,
        details=details,
    )
    text = f"{SuspensionReason(reason_code).label}: {reason}"
    if justification.strip():
        text += f" ({_('longer suspension justified')}: {justification.strip()})"
    return model_transition(actor=actor, instance=current, transition="suspend", reason=text)


@transaction.atomic
def certificate_extend_suspension(
    *,
    actor: User,
    certificate: Certificate,
    until: dt.date,
    justification: str,
    version: int | None = None,
) -> Certificate:
    """Move a suspension's deadline (soft rule: beyond the body's maximum only with a
    justification, kept in the event)."""
    current = lock_for_change(certificate, version=version)
    if current.status != C.SUSPENDED:
        raise TransitionRefused(_("Only a suspended certificate has a suspension deadline."))
    started = current.status_changed_on or timezone.localdate()
    policy = programme_policy(current.organization)
    problem = rules.suspension_problem(
        suspended_on=started,
        until=until,
        max_months=policy.max_suspension_months,
        justification=justification,
    )
    if problem:
        raise ValidationError({"justification" if until > started else "until": problem})
    saved, _changed = model_update(
        actor=actor,
        instance=current,
        data={"suspended_until": until},
        fields=("suspended_until",),
        event_type=events.CERTIFICATE_UPDATED,
        details={"justification": justification.strip()},
    )
    return saved


def certificate_restore(
    *, actor: User, certificate: Certificate, reason: str, version: int | None = None
) -> Certificate:
    """The cause of the suspension is resolved before its deadline: active again."""
    return model_transition(
        actor=actor, instance=certificate, transition="restore", reason=reason, version=version
    )


def certificate_withdraw(
    *, actor: User, certificate: Certificate, reason: str, version: int | None = None
) -> Certificate:
    """Withdraw an active or suspended certificate (unresolved suspension, misuse, fraud)."""
    return model_transition(
        actor=actor, instance=certificate, transition="withdraw", reason=reason, version=version
    )


def certificate_cancel(
    *, actor: User, certificate: Certificate, reason: str, version: int | None = None
) -> Certificate:
    """Cancel an active certificate at the client's request or on a transfer out."""
    return model_transition(
        actor=actor, instance=certificate, transition="cancel", reason=reason, version=version
    )


def certificate_expire(
    *, actor: User, certificate: Certificate, version: int | None = None
) -> Certificate:
    """Record by hand that an active certificate has expired (its expiry date passed)."""
    return model_transition(actor=actor, instance=certificate, transition="expire", version=version)


@transaction.atomic
def certificate_reissue(
    *,
    actor: User,
    certificate: Certificate,
    reason: str,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Certificate:
    """A corrected revision of an active certificate (holder's name or address, the sites
    as printed, languages, confidentiality): same decision, dates and scope; effective
    today; the old revision superseded. A change of scope needs a decision instead."""
    current = lock_for_change(certificate, version=version)
    _require_state(current, "supersede")
    if current.status != C.ACTIVE:
        raise TransitionRefused(
            _("Only an active certificate is reissued; this one is %(status)s.")
            % {"status": current.get_status_display().lower()}
        )
    unknown = sorted(set(data) - set(REISSUE_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be changed here.")))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("A reason is required.")]})
    content = issuing.content_of(current)
    for name, value in data.items():
        setattr(content, name, value)
    today = timezone.localdate()
    new = issuing.create_revision(
        actor=actor,
        programme=current.programme,
        decision=current.decision,
        content=content,
        number=current.number,
        revision=current.revision + 1,
        previous=current,
        initial_certification_date=current.initial_certification_date or today,
        cycle_start=current.cycle_start,
        effective_date=max(today, current.effective_date or today),
        issue_date=today,
        expiry_date=current.expiry_date,
    )
    new = model_transition(actor=actor, instance=new, transition="grant", reason=reason)
    model_transition(actor=actor, instance=current, transition="supersede", reason=reason)
    return new
