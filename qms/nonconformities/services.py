"""Writes for nonconformities: reporting one, editing it, and what the workflow's steps imply
beyond the state (effectiveness checks, new action cycles, closing bookkeeping).

Each service is one transaction with the acting user as keyword-only `actor` and writes
through the core helpers (row, audit event and version check together); the full-text
index and the clause links change in the same transaction, notifications go out on commit.
The state itself changes only through `qms.core.workflow.model_transition` (workflows.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.accounts.selectors import are_members
from qms.core.notifications import notify
from qms.core.search import register_search_indexer, search_index
from qms.core.services import model_create, model_update, sequence_next
from qms.standards.services import evidence_set

from . import events
from .models import EffectivenessCheck, Nonconformity
from .rules import recurrence_reason
from .selectors import recurrence_months, recurrence_of, risk_link_facts, risk_queryset
from .specs import NONCONFORMITY

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization

SEQUENCE_KEY = "nonconformity"

_CHECK_FIELDS = (
    "nonconformity",
    "cycle",
    "effective",
    "checked_by",
    "checked_on",
    "planned_on",
    "notes",
)


# --- Search -------------------------------------------------------------------------------


def search_text(nonconformity: Nonconformity) -> tuple[str, str]:
    """(title, body) of the register entry in the full-text index: the body also names the
    risk register entry (its number) and any earlier free-text risk, so either finds it."""
    risk = nonconformity.risk.number if nonconformity.risk is not None else ""
    extra = " ".join(text for text in (risk, nonconformity.risk_reference) if text)
    body = f"{nonconformity.description}\n{extra}" if extra else nonconformity.description
    return f"{nonconformity.number} {nonconformity.title}", body


def nonconformity_reindex(*, nonconformity: Nonconformity) -> None:
    title, body = search_text(nonconformity)
    search_index(obj=nonconformity, title=title, body=body)


def nonconformity_search_indexer_register() -> None:
    """Let `qms search-reindex` rebuild the register's entries (from the app's ready())."""
    register_search_indexer(
        Nonconformity, search_text, lambda: Nonconformity._base_manager.select_related("risk")
    )


# --- Register -----------------------------------------------------------------------------


def _check_member(organization_id: int, field: str, user: Any) -> None:
    """The responsible person must be a member of the nonconformity's organization."""
    if user is not None and not are_members(organization_id=organization_id, users=[user]):
        raise ValidationError({field: "Choose a member of the organization."})


def _set_clauses(
    *, actor: Any, nonconformity: Nonconformity, clauses: Iterable[Any] | None
) -> None:
    """Make the linked clauses exactly `clauses` (standards evidence links, each audited)."""
    if clauses is None:
        return
    evidence_set(
        actor=actor,
        subject=nonconformity,
        clauses=list(clauses),
        organization=nonconformity.organization_id,
    )


def _check_risk(*, organization_id: int, risk: Any, current: int | None) -> None:
    """The risk must be an entry of the organization's risk register that a nonconformity
    may point at (a risk, not closed), or the one it points at already."""
    if risk is None:
        return
    allowed = risk_queryset(organization=organization_id, current=current)
    if not allowed.filter(pk=getattr(risk, "pk", risk)).exists():
        raise ValidationError(
            {"risk": "Choose a risk of the organization's risk register that is not closed."}
        )


def _prompt_risk_review(*, actor: Any, nonconformity: Nonconformity) -> bool:
    """Inside the caller's transaction: when another NC of the organization pointing at the
    same risk was detected within RISKS_RECURRENCE_MONTHS months before this one, ask for
    an early review of the risk (once per NC: the risks module ignores a repeat)."""
    risk = nonconformity.risk
    if risk is None:
        return False
    from qms.risks.services import risk_review_prompt

    months = recurrence_months()
    partner = recurrence_of(nonconformity=nonconformity, months=months)
    if partner is None:
        return False
    return risk_review_prompt(
        actor=actor,
        risk=risk,
        reason=recurrence_reason(risk_link_facts(nonconformity), partner, months=months),
        source_label=nonconformity.number,
        source_url=nonconformity.get_absolute_url(),
    )


def nonconformity_number_next(*, organization: Organization, on: date) -> str:
    """NC-<year>-<four digits>, from the organization's gap-free counter of that year."""
    value = sequence_next(organization_id=organization.pk, key=SEQUENCE_KEY, year=on.year)
    return f"NC-{on.year}-{value:04d}"


@transaction.atomic
def nonconformity_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Nonconformity:
    """Report a nonconformity: it gets the next number of the year it was detected in and
    starts as "reported" in action cycle 1. `data` holds the spec's fields and optionally
    `clauses` (clauses of adopted editions it is about)."""
    values = dict(data)
    clauses = values.pop("clauses", None)
    unknown = sorted(set(values) - set(NONCONFORMITY.fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    _check_member(organization.pk, "owner", values.get("owner"))
    _check_risk(organization_id=organization.pk, risk=values.get("risk"), current=None)
    try:  # a date, or its ISO text (callers other than forms and serializers)
        detected_on = Nonconformity._meta.get_field("detected_on").to_python(
            values.get("detected_on") or timezone.localdate()
        )
    except ValidationError as error:
        raise ValidationError({"detected_on": error.messages}) from None
    values["detected_on"] = detected_on
    values["number"] = nonconformity_number_next(organization=organization, on=detected_on)
    values["reported_by"] = actor if getattr(actor, "is_authenticated", False) else None
    nonconformity = model_create(
        actor=actor,
        model=Nonconformity,
        organization=organization,
        data=values,
        fields=(*NONCONFORMITY.fields, "number", "reported_by"),
        event_type=events.NONCONFORMITY_CREATED,
    )
    _set_clauses(actor=actor, nonconformity=nonconformity, clauses=clauses)
    nonconformity_reindex(nonconformity=nonconformity)
    _prompt_risk_review(actor=actor, nonconformity=nonconformity)
    return nonconformity


@transaction.atomic
def nonconformity_update(
    *,
    actor: User,
    instance: Nonconformity,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Nonconformity:
    """Edit the record (not its state: that is the workflow's). `clauses`, when given,
    replaces the linked clauses. A closed nonconformity is not edited: reopen it first."""
    values = dict(data)
    clauses = values.pop("clauses", None)
    if not instance.is_open:
        raise ValidationError("A closed nonconformity cannot be changed; reopen it first.")
    if "owner" in values:
        _check_member(instance.organization_id, "owner", values["owner"])
    risk_before = instance.risk_id
    if "risk" in values:
        _check_risk(
            organization_id=instance.organization_id, risk=values["risk"], current=risk_before
        )
    nonconformity, changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=NONCONFORMITY.fields,
        event_type=events.NONCONFORMITY_UPDATED,
        version=version,
    )
    _set_clauses(actor=actor, nonconformity=nonconformity, clauses=clauses)
    if changed and ({"title", "description", "risk"} & set(values)):
        nonconformity_reindex(nonconformity=nonconformity)
    if nonconformity.risk_id is not None and nonconformity.risk_id != risk_before:
        _prompt_risk_review(actor=actor, nonconformity=nonconformity)
    return nonconformity


# --- Workflow effects (workflows.py) -------------------------------------------------------


def _record_check(*, obj: Nonconformity, actor: Any, effective: bool, notes: str) -> None:
    model_create(
        actor=actor,
        model=EffectivenessCheck,
        organization=obj.organization,
        data={
            "nonconformity": obj,
            "cycle": obj.cycle,
            "effective": effective,
            "checked_by": actor,
            "checked_on": timezone.localdate(),
            "planned_on": obj.verification_due,
            "notes": notes,
        },
        fields=_CHECK_FIELDS,
        event_type=events.EFFECTIVENESS_CHECK_RECORDED,
    )


def _next_cycle(*, obj: Nonconformity, actor: Any) -> Nonconformity:
    """Start a new action cycle: a new root cause, new corrective actions and a new check
    (the planned date of the next check is set again when the new plan is agreed)."""
    updated, _changed = model_update(
        actor=actor,
        instance=obj,
        data={"cycle": obj.cycle + 1, "verification_due": None},
        fields=("cycle", "verification_due"),
        event_type=events.NONCONFORMITY_CYCLE_STARTED,
    )
    return updated


def verify_effect(*, obj: Nonconformity, actor: Any, reason: str, signature: Any) -> None:
    """Verified effective: the check is recorded (its notes are the step's reason)."""
    _record_check(obj=obj, actor=actor, effective=True, notes=reason)


def verify_ineffective_effect(
    *, obj: Nonconformity, actor: Any, reason: str, signature: Any
) -> None:
    """Not effective: the check is recorded, a new action cycle starts and the responsible
    person is told (on commit)."""
    _record_check(obj=obj, actor=actor, effective=False, notes=reason)
    updated = _next_cycle(obj=obj, actor=actor)
    recipients = [user for user in (updated.owner,) if user is not None and user != actor]
    if recipients:
        notify(
            recipients=recipients,
            organization=updated.organization,
            kind="nonconformity.ineffective",
            title=f"{updated.number}: corrective actions not effective",
            body=(
                f"The effectiveness check of {updated.number} found the corrective actions "
                f"not effective: {reason}\nAction cycle {updated.cycle} has started: find "
                "the root cause again and plan new corrective actions."
            ),
            url=updated.get_absolute_url(),
        )


def close_effect(*, obj: Nonconformity, actor: Any, reason: str, signature: Any) -> None:
    from .signals import nonconformity_closed

    closed, _changed = model_update(
        actor=actor,
        instance=obj,
        data={"closed_at": timezone.now(), "closed_by": actor},
        fields=("closed_at", "closed_by"),
        event_type=events.NONCONFORMITY_UPDATED,
    )
    nonconformity_closed.send(sender=Nonconformity, nonconformity=closed)


def reopen_effect(*, obj: Nonconformity, actor: Any, reason: str, signature: Any) -> None:
    """Reopened: the closing is undone (it stays in the history) and a new cycle starts."""
    model_update(
        actor=actor,
        instance=obj,
        data={"closed_at": None, "closed_by": None},
        fields=("closed_at", "closed_by"),
        event_type=events.NONCONFORMITY_UPDATED,
    )
    _next_cycle(obj=obj, actor=actor)
