"""Writes for the risk register: the matrix, entries (with their assessment history), reviews,
approval snapshots and review prompts from other modules.

Each service is one transaction written through the core helpers (row, audit event and
version check together); notifications are created in the same transaction and e-mailed on
commit. The state itself changes only through `model_transition` (workflows.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qms.accounts.selectors import check_member
from qms.core.audit import record_event
from qms.core.dates import add_months
from qms.core.errors import Conflict
from qms.core.notifications import notify
from qms.core.search import register_search_indexer, search_index
from qms.core.services import lock_for_change, model_create, model_update, sequence_next
from qms.standards.services import evidence_set

from . import events, rules
from .choices import RiskKind, RiskStatus
from .models import (
    Risk,
    RiskApproval,
    RiskAssessment,
    RiskMatrix,
    RiskReview,
    RiskReviewPrompt,
)
from .specs import RISK

if TYPE_CHECKING:
    from qms.accounts.models import User

MATRIX_FIELDS = (
    "likelihood_labels",
    "consequence_labels",
    "bands",
    "value_labels",
    "effort_labels",
    "opportunity_bands",
)
RATED = tuple(rules.AXIS)  # the rated fields


# --- Search -----------------------------------------------------------------------------------


def search_text(risk: Risk) -> tuple[str, str]:
    body = " ".join(p for p in (risk.description, risk.cause, risk.effect, risk.benefit) if p)
    return f"{risk.number} {risk.title}", body


def risk_search_indexer_register() -> None:
    register_search_indexer(Risk, search_text, lambda: Risk._base_manager.all())


def _reindex(risk: Risk) -> None:
    title, body = search_text(risk)
    search_index(obj=risk, title=title, body=body)


# --- Matrix -----------------------------------------------------------------------------------


def matrix_for(organization: Any) -> RiskMatrix:
    """The organization's matrix; until it is first changed, the default one (not saved: a
    read never writes, so a page showing ratings records nothing)."""
    organization_id = getattr(organization, "pk", organization)
    matrix = RiskMatrix.objects.filter(organization_id=organization_id).first()
    return matrix if matrix is not None else RiskMatrix(organization_id=organization_id)


def matrix_sizes(matrix: RiskMatrix) -> dict[str, int]:
    return {
        "likelihood_labels": len(matrix.likelihood_labels),
        "consequence_labels": len(matrix.consequence_labels),
        "value_labels": len(matrix.value_labels),
        "effort_labels": len(matrix.effort_labels),
    }


def _highest_used(organization_id: int) -> dict[str, int]:
    """The highest level any entry or past assessment uses, per axis (two queries)."""
    used: dict[str, int] = {}
    for model in (Risk._base_manager, RiskAssessment.objects):
        top = model.filter(organization_id=organization_id).aggregate(
            **{f"{name}_max": Max(name) for name in RATED}
        )
        for name in RATED:
            axis = rules.AXIS[name]
            used[axis] = max(used.get(axis, 0), top[f"{name}_max"] or 0)
    return used


@transaction.atomic
def matrix_update(*, actor: User | None, organization: Any, data: Mapping[str, Any]) -> RiskMatrix:
    """Change the organization's matrix. Refused (ValidationError per field, nothing written)
    when sizes or bands are invalid or when existing ratings use levels the new size drops.
    The stored bands of every entry are recomputed in the same transaction."""
    unknown = sorted(set(data) - set(MATRIX_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    organization_id = getattr(organization, "pk", organization)
    # The first change stores the default matrix (recorded by this change's audit event).
    RiskMatrix.objects.get_or_create(organization_id=organization_id)
    matrix = RiskMatrix.objects.select_for_update().get(organization_id=organization_id)
    config = {name: data.get(name, getattr(matrix, name)) for name in MATRIX_FIELDS}
    problems = rules.matrix_problems(config)
    if not problems:
        problems = rules.shrink_problems(config, _highest_used(matrix.organization_id))
    if problems:
        raise ValidationError(problems)
    for name in ("bands", "opportunity_bands"):
        config[name] = sorted(
            (
                {
                    "key": str(b["key"]).strip(),
                    "label": str(b["label"]).strip(),
                    "min_score": int(b["min_score"]),
                    "colour": str(b["colour"]).lower(),
                }
                for b in config[name]
            ),
            key=lambda b: int(b["min_score"]),
        )
    config = {
        name: [str(x).strip() for x in config[name]] if name.endswith("_labels") else config[name]
        for name in MATRIX_FIELDS
    }
    before = {name: getattr(matrix, name) for name in MATRIX_FIELDS}
    for name in MATRIX_FIELDS:
        setattr(matrix, name, config[name])
    matrix.version += 1
    matrix.save()
    _rebands(matrix)
    record_event(
        actor=actor,
        event_type=events.RISK_MATRIX_CHANGED,
        subject=None,
        organization_id=matrix.organization_id,
        before=before,
        after=config,
    )
    return matrix


def _rebands(matrix: RiskMatrix) -> None:
    risks = list(Risk._base_manager.filter(organization_id=matrix.organization_id))
    for risk in risks:
        _derive(risk, matrix)
    Risk._base_manager.bulk_update(
        risks,
        ["inherent_score", "inherent_band", "residual_score", "residual_band"],
        batch_size=500,
    )


def _derive(risk: Risk, matrix: RiskMatrix) -> None:
    """Scores and bands from the ratings (risks on the risk bands, opportunities on theirs)."""
    if risk.kind == RiskKind.OPPORTUNITY:
        risk.inherent_score = rules.score(risk.value, risk.effort)
        risk.inherent_band = rules.band_key(risk.inherent_score, matrix.opportunity_bands)
        risk.residual_score, risk.residual_band = None, ""
        return
    risk.inherent_score = rules.score(risk.inherent_likelihood, risk.inherent_consequence)
    risk.inherent_band = rules.band_key(risk.inherent_score, matrix.bands)
    risk.residual_score = rules.score(risk.residual_likelihood, risk.residual_consequence)
    risk.residual_band = rules.band_key(risk.residual_score, matrix.bands)


def band_labels(matrix: RiskMatrix, kind: str) -> dict[str, Mapping[str, Any]]:
    bands = matrix.opportunity_bands if kind == RiskKind.OPPORTUNITY else matrix.bands
    return {str(band["key"]): band for band in bands}


# --- Register ---------------------------------------------------------------------------------


def _validate(kind: str, values: Mapping[str, Any], matrix: RiskMatrix) -> None:
    if kind not in RiskKind.values:
        raise ValidationError({"kind": "Choose risk or opportunity."})
    problems = rules.rating_problems(values, matrix_sizes(matrix))
    problems.update(
        {k: v for k, v in rules.kind_problems(kind, values).items() if k not in problems}
    )
    if problems:
        raise ValidationError(problems)


def _set_clauses(*, actor: Any, risk: Risk, clauses: Iterable[Any] | None) -> None:
    if clauses is None:
        return
    evidence_set(
        actor=actor, subject=risk, clauses=list(clauses), organization=risk.organization_id
    )


def _record_assessment(risk: Risk, actor: Any, on: date | None = None) -> RiskAssessment | None:
    """Append the entry's current rating to its history (nothing when it is not rated)."""
    if risk.inherent_score is None:
        return None
    return RiskAssessment.objects.create(
        risk=risk,
        organization_id=risk.organization_id,
        assessed_on=on or timezone.localdate(),
        assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
        inherent_likelihood=risk.inherent_likelihood,
        inherent_consequence=risk.inherent_consequence,
        inherent_score=risk.inherent_score,
        inherent_band=risk.inherent_band,
        residual_likelihood=risk.residual_likelihood,
        residual_consequence=risk.residual_consequence,
        residual_score=risk.residual_score,
        residual_band=risk.residual_band,
        value=risk.value,
        effort=risk.effort,
    )


DERIVED = ("inherent_score", "inherent_band", "residual_score", "residual_band")


@transaction.atomic
def risk_create(*, actor: User | None, organization: Any, data: Mapping[str, Any]) -> Risk:
    """Record a risk (RSK-YYYY-NNNN) or an opportunity (OPP-YYYY-NNNN). Ratings outside the
    organization's matrix are refused per field, nothing written. A rated entry gets its first
    assessment row; the next review defaults to today plus the review interval."""
    values = dict(data)
    clauses = values.pop("clauses", None)
    unknown = sorted(set(values) - set(RISK.fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    kind = str(values.get("kind") or "")
    matrix = matrix_for(organization)
    _validate(kind, values, matrix)
    check_member(organization_id=organization.pk, user=values.get("owner"))
    probe = Risk(kind=kind, **{k: values.get(k) for k in RATED})
    _derive(probe, matrix)
    values.update({name: getattr(probe, name) for name in DERIVED})
    today = timezone.localdate()
    if not values.get("next_review_on"):
        values["next_review_on"] = add_months(
            today, int(values.get("review_interval_months") or 12)
        )
    prefix = "OPP" if kind == RiskKind.OPPORTUNITY else "RSK"
    number = sequence_next(organization_id=organization.pk, key=f"risk-{kind}", year=today.year)
    values["number"] = f"{prefix}-{today.year}-{number:04d}"
    risk = model_create(
        actor=actor,
        model=Risk,
        organization=organization,
        data=values,
        fields=(*RISK.fields, "number", *DERIVED),
        event_type=events.RISK_CREATED,
    )
    _record_assessment(risk, actor)
    _set_clauses(actor=actor, risk=risk, clauses=clauses)
    _reindex(risk)
    return risk


@transaction.atomic
def risk_update(
    *, actor: User, instance: Risk, data: Mapping[str, Any], version: int | None = None
) -> Risk:
    """Edit an entry (not its state). A closed entry is not edited: reopen it first. A change
    of rating appends an assessment row. The kind is fixed once recorded."""
    values = dict(data)
    clauses = values.pop("clauses", None)
    locked = lock_for_change(instance, version=version)
    if locked.status == RiskStatus.CLOSED:
        raise Conflict("A closed entry cannot be edited: reopen it first.")
    if "kind" in values and values["kind"] != locked.kind:
        raise ValidationError({"kind": "The kind of an entry cannot change: record a new one."})
    values.pop("kind", None)
    matrix = matrix_for(locked.organization_id)
    merged = {
        name: values.get(name, getattr(locked, name))
        for name in (
            *RATED,
            "decision",
            "decision_reason",
            "treatment",
            "cause",
            "effect",
            "benefit",
        )
    }
    _validate(locked.kind, merged, matrix)
    if "owner" in values:
        check_member(organization_id=locked.organization_id, user=values["owner"])
    probe = Risk(kind=locked.kind, **{k: merged[k] for k in RATED})
    _derive(probe, matrix)
    rerated = any(name in values and values[name] != getattr(locked, name) for name in RATED)
    values.update({name: getattr(probe, name) for name in DERIVED})
    risk, changed = model_update(
        actor=actor,
        instance=locked,
        data=values,
        fields=(*RISK.fields, *DERIVED),
        event_type=events.RISK_UPDATED,
        version=version,
    )
    if rerated:
        _record_assessment(risk, actor)
    _set_clauses(actor=actor, risk=risk, clauses=clauses)
    if changed:
        _reindex(risk)
    return risk


# --- Reviews ----------------------------------------------------------------------------------


@transaction.atomic
def risk_record_review(
    *,
    actor: User,
    risk: Risk,
    outcome: str,
    notes: str = "",
    reviewed_on: date | None = None,
    version: int | None = None,
) -> RiskReview:
    """Record a periodic review: last reviewed = the day, next review = the day plus the
    entry's interval; open review prompts are resolved."""
    from .choices import ReviewOutcome

    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": "Choose an outcome of the review."})
    locked = lock_for_change(risk, version=version)
    if locked.status == RiskStatus.CLOSED:
        raise Conflict("A closed entry is not reviewed: reopen it first.")
    today = timezone.localdate()
    day = reviewed_on or today
    if day > today:
        raise ValidationError({"reviewed_on": "A review cannot be recorded for a future day."})
    next_on = add_months(day, locked.review_interval_months or 12)
    review = RiskReview.objects.create(
        risk=locked,
        reviewed_on=day,
        reviewed_by=actor,
        outcome=outcome,
        notes=notes,
        next_review_on=next_on,
    )
    before = {"last_reviewed_on": locked.last_reviewed_on, "next_review_on": locked.next_review_on}
    locked.last_reviewed_on = day
    locked.next_review_on = next_on
    locked.version += 1
    locked.save(update_fields=["last_reviewed_on", "next_review_on", "version", "updated_at"])
    locked.review_prompts.filter(resolved_on__isnull=True).update(resolved_on=day)
    record_event(
        actor=actor,
        event_type=events.RISK_REVIEWED,
        subject=locked,
        before=before,
        after={"last_reviewed_on": day, "next_review_on": next_on},
        data={"outcome": outcome, "notes": notes, "review": review.pk},
    )
    risk.refresh_from_db()
    return review


# --- Workflow effects -------------------------------------------------------------------------


def risk_snapshot(risk: Risk, *, matrix: RiskMatrix | None = None) -> dict[str, Any]:
    """What the owner approved: ratings, bands, treatment, plan, actions, links, matrix size
    (`matrix`: the organization's, when the caller already read it)."""
    from qms.actions.selectors import actions_of

    matrix = matrix or matrix_for(risk.organization_id)
    actions = [
        {
            "number": action.number,
            "title": action.title,
            "owner": str(action.owner) if action.owner_id else "",
            "due": action.due_date.isoformat() if action.due_date else None,
            "status": action.status,
        }
        for action in actions_of(origin=risk).select_related("owner").order_by("number")
    ]
    return {
        "number": risk.number,
        "kind": risk.kind,
        "title": risk.title,
        "description": risk.description,
        "owner": str(risk.owner),
        "inherent_likelihood": risk.inherent_likelihood,
        "inherent_consequence": risk.inherent_consequence,
        "inherent_score": risk.inherent_score,
        "inherent_band": risk.inherent_band,
        "residual_likelihood": risk.residual_likelihood,
        "residual_consequence": risk.residual_consequence,
        "residual_score": risk.residual_score,
        "residual_band": risk.residual_band,
        "value": risk.value,
        "effort": risk.effort,
        "decision": risk.decision,
        "decision_reason": risk.decision_reason,
        "treatment": risk.treatment,
        "treatment_plan": risk.treatment_plan,
        "actions": actions,
        "processes": sorted(str(p) for p in risk.processes.all()),
        "issues": sorted(str(i) for i in risk.issues.all()),
        "interested_parties": sorted(str(p) for p in risk.interested_parties.all()),
        "matrix": f"{len(matrix.likelihood_labels)}x{len(matrix.consequence_labels)}",
    }


def record_approval(*, obj: Risk, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "approve": the approval row with the frozen snapshot of the entry."""
    RiskApproval.objects.create(
        risk=obj,
        approved_by=actor,
        approved_at=timezone.now(),
        signature=signature,
        snapshot=risk_snapshot(obj),
    )


def mark_closed(*, obj: Risk, actor: Any, reason: str, signature: Any) -> None:
    Risk._base_manager.filter(pk=obj.pk).update(closed_on=timezone.localdate())


def mark_reopened(*, obj: Risk, actor: Any, reason: str, signature: Any) -> None:
    Risk._base_manager.filter(pk=obj.pk).update(closed_on=None)


def risk_takes_no_actions(origin: Any) -> str | None:
    """Origin rule of the action tracker: a closed entry takes no new action."""
    if getattr(origin, "status", None) == RiskStatus.CLOSED:
        return "This entry is closed: reopen it before adding actions."
    return None


# --- Contract for other modules ---------------------------------------------------------------


def risk_review_prompt(
    *, actor: User | None, risk: Risk, reason: str, source_label: str, source_url: str
) -> bool:
    """Ask for an early review of `risk` because another record (e.g. a recurring
    nonconformity) points at it. Runs inside the caller's transaction: brings the next review
    date forward to today (unless already due), records "risk.review_prompted" and notifies
    the owner. Returns False, doing nothing, when the same source already prompted it."""
    with transaction.atomic():
        locked = Risk._base_manager.select_for_update().get(pk=risk.pk)
        if RiskReviewPrompt.objects.filter(risk=locked, source_url=source_url).exists():
            return False
        today = timezone.localdate()
        RiskReviewPrompt.objects.create(
            risk=locked,
            source_label=source_label[:200],
            source_url=source_url[:500],
            reason=reason,
            prompted_on=today,
            prompted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        before = locked.next_review_on
        after = today if before is None or before > today else before
        if after != before:
            Risk._base_manager.filter(pk=locked.pk).update(next_review_on=after)
        risk.next_review_on = after
        record_event(
            actor=actor,
            event_type=events.RISK_REVIEW_PROMPTED,
            subject=locked,
            before={"next_review_on": before},
            after={"next_review_on": after},
            data={"reason": reason, "source": source_label, "source_url": source_url},
        )
        notify(
            recipients=[locked.owner],
            organization=locked.organization,
            kind="risk.review_prompted",
            title=f"Review {locked.number} early: {source_label}",
            body=reason,
            url=locked.get_absolute_url(),
        )
    return True
