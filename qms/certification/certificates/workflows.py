"""Workflows of the certification decision and the certificate (registered at import, from
setup.register()).

Decision: technical review (pending) → granted or refused, each with reasons and the
decision-maker's electronic signature ("decided"), never by someone who was on the team of
an audit the decision rests on. Granting issues the certificate, so it runs only through
`services.decision_grant` (the guard asks for the certificate it prepares first).

Certificate (domain spec §3.6, only these steps):

- grant: draft → active, when its decision is granted (`decision_grant`);
- suspend: active → suspended with a reason (R1 to R3, contract) and a deadline
  (`certificate_suspend` sets them first);
- restore: suspended → active, the cause resolved before the deadline;
- withdraw: active or suspended → withdrawn;
- cancel: active → cancelled (client's request, transfer out);
- expire: active → expired once the expiry date has passed (the daily job);
- supersede: active, suspended or expired → superseded, only once a newer revision of the
  same number exists (issued by a recertification, restoration, scope change or reissue).

Every step appends a `CertificateStatusChange`, publishes the certificate to the public
registry in the same transaction and tells the client after commit (the effect
`services.record_status_change`).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.workflow import Transition, Workflow, register_workflow

from ..choices import CertificateStatus as C
from ..choices import DecisionStatus as D
from ..models import Certificate, CertificationDecision
from . import events, rules, selectors, services

# --- Decision guards ----------------------------------------------------------------------


def decider_independent(*, obj: Any, actor: Any) -> str | None:
    audit_ids = [audit.pk for audit in obj.audits.all()]
    team = selectors.team_person_ids(audit_ids)
    return rules.independence_problem(decider_id=getattr(actor, "pk", None), team_ids=team)


def certificate_prepared(*, obj: Any, actor: Any) -> str | None:
    """The generic step page cannot grant: granting issues the certificate."""
    if not obj.certificates.exists():
        return _("Grant through the decision's grant form: it issues the certificate.")
    return None


# --- Certificate guards ---------------------------------------------------------------------


def decision_granted(*, obj: Any, actor: Any) -> str | None:
    decision = obj.decision
    if decision is None or decision.status != D.GRANTED:
        return _("A certificate is issued only by a granted certification decision.")
    return None


def suspension_prepared(*, obj: Any, actor: Any) -> str | None:
    if not obj.suspension_reason or obj.suspended_until is None:
        return _("Suspend through the suspension form: choose the reason and the deadline.")
    return None


def before_deadline(*, obj: Any, actor: Any) -> str | None:
    return rules.restore_problem(suspended_until=obj.suspended_until, today=timezone.localdate())


def expiry_passed(*, obj: Any, actor: Any) -> str | None:
    return rules.expiry_problem(expiry_date=obj.expiry_date, today=timezone.localdate())


def newer_revision_exists(*, obj: Any, actor: Any) -> str | None:
    if selectors.latest_revision(obj).revision <= obj.revision:
        return _("A certificate is superseded only by issuing a new revision of it.")
    return None


DECISION_WORKFLOW = register_workflow(
    CertificationDecision,
    Workflow(
        field="status",
        states=D,
        transitions=(
            Transition(
                name="grant",
                label=gettext_lazy("Grant certification"),
                done=gettext_lazy("granted"),
                source=(D.PENDING,),
                target=D.GRANTED,
                permission="decide",
                guards=(decider_independent, certificate_prepared),
                reason=True,
                signature="decided",
                event_type=events.DECISION_GRANTED,
                effects=(services.record_decision,),
            ),
            Transition(
                name="refuse",
                label=gettext_lazy("Refuse certification"),
                done=gettext_lazy("refused"),
                source=(D.PENDING,),
                target=D.REFUSED,
                permission="decide",
                guards=(decider_independent,),
                reason=True,
                signature="decided",
                event_type=events.DECISION_REFUSED,
                effects=(services.record_decision,),
            ),
        ),
    ),
)

_EFFECTS = (services.record_status_change,)

CERTIFICATE_WORKFLOW = register_workflow(
    Certificate,
    Workflow(
        field="status",
        states=C,
        transitions=(
            Transition(
                name="grant",
                label=gettext_lazy("Issue"),
                done=gettext_lazy("issued"),
                source=(C.DRAFT,),
                target=C.ACTIVE,
                permission="grant",
                guards=(decision_granted,),
                event_type=events.CERTIFICATE_GRANTED,
                effects=_EFFECTS,
            ),
            Transition(
                name="suspend",
                label=gettext_lazy("Suspend"),
                done=gettext_lazy("suspended"),
                source=(C.ACTIVE,),
                target=C.SUSPENDED,
                permission="suspend",
                guards=(suspension_prepared,),
                reason=True,
                event_type=events.CERTIFICATE_SUSPENDED,
                effects=_EFFECTS,
            ),
            Transition(
                name="restore",
                label=gettext_lazy("Restore"),
                done=gettext_lazy("restored"),
                source=(C.SUSPENDED,),
                target=C.ACTIVE,
                permission="restore",
                guards=(before_deadline,),
                reason=True,
                event_type=events.CERTIFICATE_RESTORED,
                effects=(services.clear_suspension, *_EFFECTS),
            ),
            Transition(
                name="withdraw",
                label=gettext_lazy("Withdraw"),
                done=gettext_lazy("withdrawn"),
                source=(C.ACTIVE, C.SUSPENDED),
                target=C.WITHDRAWN,
                permission="withdraw",
                reason=True,
                event_type=events.CERTIFICATE_WITHDRAWN,
                effects=_EFFECTS,
            ),
            Transition(
                name="cancel",
                label=gettext_lazy("Cancel"),
                done=gettext_lazy("cancelled"),
                source=(C.ACTIVE,),
                target=C.CANCELLED,
                permission="cancel",
                reason=True,
                event_type=events.CERTIFICATE_CANCELLED,
                effects=_EFFECTS,
            ),
            Transition(
                name="expire",
                label=gettext_lazy("Record as expired"),
                done=gettext_lazy("recorded as expired"),
                source=(C.ACTIVE,),
                target=C.EXPIRED,
                permission="expire",
                guards=(expiry_passed,),
                event_type=events.CERTIFICATE_EXPIRED,
                effects=_EFFECTS,
            ),
            Transition(
                name="supersede",
                label=gettext_lazy("Supersede"),
                done=gettext_lazy("superseded"),
                source=(C.ACTIVE, C.SUSPENDED, C.EXPIRED),
                target=C.SUPERSEDED,
                permission="supersede",
                guards=(newer_revision_exists,),
                event_type=events.CERTIFICATE_SUPERSEDED,
                effects=_EFFECTS,
            ),
        ),
    ),
)
