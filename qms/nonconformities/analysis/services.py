"""Writes of the root-cause analysis, 8D reports and dispositions.

Each service is one transaction with the acting user as keyword-only `actor`, writes through
the core helpers (row, audit event and version check together) and checks its rules on the
nonconformity re-read under a lock: nothing is written for a closed nonconformity, and an
analysis is written only for the nonconformity's current action cycle (earlier cycles stay
as they were). The calling convention is the generic views' and viewsets': create
`(*, actor, organization, data)`, update `(*, actor, instance, data, version=None)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.accounts.selectors import are_members
from qms.core.errors import Conflict
from qms.core.services import lock_for_change, model_create, model_update
from qms.core.workflow import model_transition

from ..display import decimal_text
from ..display import person_label as _person
from . import events, rules
from .choices import DispositionKind, DispositionStatus
from .models import Disposition, EightDReport, RootCauseAnalysis
from .selectors import current_analysis, dispositioned_quantity

ANALYSIS_FIELDS = ("five_whys", "ishikawa", "root_cause", "cause_category")
EIGHT_D_FIELDS = (
    "d1_team_members",
    "d1_team",
    "d1_date",
    "d2_problem",
    "d2_date",
    "d3_containment",
    "d3_date",
    "d4_root_cause",
    "d4_date",
    "d5_corrective_actions",
    "d5_date",
    "d6_implementation",
    "d6_date",
    "d7_prevention",
    "d7_date",
    "d8_closure",
    "d8_date",
)
DISPOSITION_FIELDS = (
    "kind",
    "quantity",
    "unit",
    "authorised_by",
    "concession_reference",
    "decided_on",
    "notes",
)


def _unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))


def _locked_nonconformity(nonconformity: Any, organization_id: int | None = None) -> Any:
    """The nonconformity re-read under a row lock (its state and cycle as stored now)."""
    if nonconformity is None:
        raise ValidationError({"nonconformity": "This field is required."})
    if organization_id is not None and nonconformity.organization_id != organization_id:
        raise ValidationError({"nonconformity": "Choose one of your organization's records."})
    return lock_for_change(nonconformity, version=None)


def _refuse_if(problem: str | None) -> None:
    if problem:
        raise Conflict(problem)


# --- Root-cause analysis ------------------------------------------------------------------


def _clean_analysis(values: dict[str, Any]) -> dict[str, Any]:
    """Check the shape of the 5 whys and the Ishikawa (every problem, per step and per
    category, beside its field) and return them trimmed and in order."""
    errors: dict[str, list[str]] = {}
    if "five_whys" in values:
        problems = rules.five_whys_problems(values["five_whys"])
        if problems:
            errors["five_whys"] = problems
        else:
            values["five_whys"] = rules.clean_five_whys(values["five_whys"])
    if "ishikawa" in values:
        value = values["ishikawa"]
        if value is None:
            value = {}
        problems = rules.ishikawa_problems(value)
        if problems:
            errors["ishikawa"] = problems
        else:
            values["ishikawa"] = rules.clean_ishikawa(value)
    for name in ("root_cause", "cause_category"):
        if name in values:
            if values[name] is None:
                values[name] = ""
            if isinstance(values[name], str):
                values[name] = values[name].strip()
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def root_cause_analysis_create(
    *, actor: Any, organization: Any, data: Mapping[str, Any]
) -> RootCauseAnalysis:
    """Start the analysis of the nonconformity's current action cycle (`data`: the
    nonconformity and the analysis fields; the 5 whys need at least one step)."""
    values = dict(data)
    nonconformity = values.pop("nonconformity", None)
    _unknown(values, ANALYSIS_FIELDS)
    nc = _locked_nonconformity(nonconformity, organization.pk)
    _refuse_if(rules.nonconformity_open_for(nonconformity_open=nc.is_open, what="its analysis"))
    if current_analysis(nonconformity=nc) is not None:
        raise ValidationError(
            {
                "nonconformity": (
                    f"{nc.number} already has a root-cause analysis for action cycle "
                    f"{nc.cycle}: change that one."
                )
            }
        )
    values.setdefault("five_whys", [])
    values = _clean_analysis(values)
    return model_create(
        actor=actor,
        model=RootCauseAnalysis,
        organization=organization,
        data={
            **values,
            "nonconformity": nc,
            "cycle": nc.cycle,
            "analysed_by": actor if getattr(actor, "is_authenticated", False) else None,
            "analysed_at": timezone.now(),
        },
        fields=(*ANALYSIS_FIELDS, "nonconformity", "cycle", "analysed_by", "analysed_at"),
        event_type=events.ANALYSIS_CREATED,
    )


@transaction.atomic
def root_cause_analysis_update(
    *,
    actor: Any,
    instance: RootCauseAnalysis,
    data: Mapping[str, Any],
    version: int | None = None,
) -> RootCauseAnalysis:
    """Change the analysis (only that of the current cycle of an open nonconformity).
    Who analysed it and when follow the last change."""
    values = dict(data)
    if "nonconformity" in values:
        if getattr(values["nonconformity"], "pk", values["nonconformity"]) != (
            instance.nonconformity_id
        ):
            raise ValidationError(
                {"nonconformity": "An analysis stays with its nonconformity; it cannot move."}
            )
        values.pop("nonconformity")
    _unknown(values, ANALYSIS_FIELDS)
    nc = _locked_nonconformity(instance.nonconformity)
    _refuse_if(
        rules.analysis_editable(
            nonconformity_open=nc.is_open, analysis_cycle=instance.cycle, current_cycle=nc.cycle
        )
    )
    values = _clean_analysis(values)
    stored = lock_for_change(instance, version=version)
    if any(getattr(stored, name) != value for name, value in values.items()):
        values["analysed_by"] = actor if getattr(actor, "is_authenticated", False) else None
        values["analysed_at"] = timezone.now()
    analysis, _changed = model_update(
        actor=actor,
        instance=stored,
        data=values,
        fields=(*ANALYSIS_FIELDS, "analysed_by", "analysed_at"),
        event_type=events.ANALYSIS_UPDATED,
        version=version,
    )
    return analysis


@transaction.atomic
def root_cause_analysis_save(
    *, actor: Any, nonconformity: Any, data: Mapping[str, Any], version: int | None = None
) -> RootCauseAnalysis:
    """The page's save: start the current cycle's analysis, or change it."""
    nc = _locked_nonconformity(nonconformity)
    existing = current_analysis(nonconformity=nc)
    if existing is None:
        return root_cause_analysis_create(
            actor=actor, organization=nc.organization, data={**data, "nonconformity": nc}
        )
    return root_cause_analysis_update(actor=actor, instance=existing, data=data, version=version)


# --- 8D report ---------------------------------------------------------------------------


def eight_d_prefill(*, nonconformity: Any) -> dict[str, Any]:
    """What a new 8D report starts with: the team (responsible person, analyst, action
    owners), the problem, containment and correction, the root cause, the cycle's corrective
    actions and how far they are. Everything can be changed afterwards."""
    from qms.actions.selectors import actions_of

    nc = nonconformity
    analysis = current_analysis(nonconformity=nc)
    actions = [
        action
        for action in actions_of(origin=nc)
        if action.cycle == nc.cycle and action.kind in ("corrective", "correction")
    ]
    members = {
        user.pk: user
        for user in [nc.owner, getattr(analysis, "analysed_by", None)]
        + [action.owner for action in actions]
        if user is not None
    }
    problem = [nc.title, "", nc.description]
    if nc.product_reference:
        problem.append(f"Product / batch: {nc.product_reference}")
    if nc.quantity_affected is not None:
        quantity = decimal_text(nc.quantity_affected)
        problem.append(f"Quantity affected: {quantity} {nc.quantity_unit}".rstrip())
    containment = []
    if nc.containment:
        containment.append(f"Containment: {nc.containment}")
    if nc.correction:
        containment.append(f"Correction: {nc.correction}")
    root = ""
    if analysis is not None and analysis.root_cause:
        root = analysis.root_cause
    corrective = [a for a in actions if a.kind == "corrective"]
    chosen = "\n".join(
        f"{a.number} {a.title} — {_person(a.owner)}, due {a.due_date:%Y-%m-%d}" for a in corrective
    )
    done = [a for a in corrective if a.status == "done"]
    implementation = "\n".join(
        f"{a.number} done {timezone.localtime(a.completed_at):%Y-%m-%d}"
        + (f": {a.completion_note}" if a.completion_note else "")
        for a in done
        if a.completed_at is not None
    )
    return {
        "d1_team_members": list(members.values()),
        "d1_team": "",
        "d2_problem": "\n".join(problem).strip()[:5000],
        "d2_date": nc.detected_on,
        "d3_containment": "\n\n".join(containment)[:5000],
        "d4_root_cause": root[:5000],
        "d4_date": timezone.localdate(analysis.analysed_at)
        if analysis and analysis.analysed_at
        else None,
        "d5_corrective_actions": chosen[:5000],
        "d6_implementation": implementation[:5000],
    }


def _blank(value: Any) -> bool:
    """Nothing given: the prefilled value stays."""
    if value is None or value == "":
        return True
    return not isinstance(value, str) and hasattr(value, "__len__") and len(value) == 0


def _check_team(organization_id: int, members: Any) -> None:
    if not are_members(organization_id=organization_id, users=list(members or [])):
        raise ValidationError({"d1_team_members": "Choose members of the organization."})


def _check_dates(nc: Any, given: Mapping[str, Any]) -> None:
    dates = [(name, value) for name, value in given.items() if name.endswith("_date")]
    problems = rules.dates_problems(dates=dates, detected_on=nc.detected_on)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def eight_d_report_create(
    *, actor: Any, organization: Any, data: Mapping[str, Any]
) -> EightDReport:
    """Start the nonconformity's 8D report (one per nonconformity), prefilled from the
    nonconformity, its analysis and its actions; fields given in `data` win."""
    values = dict(data)
    nonconformity = values.pop("nonconformity", None)
    _unknown(values, EIGHT_D_FIELDS)
    nc = _locked_nonconformity(nonconformity, organization.pk)
    _refuse_if(rules.nonconformity_open_for(nonconformity_open=nc.is_open, what="its 8D report"))
    exists = EightDReport.objects.for_organization(organization).filter(nonconformity=nc).exists()
    if exists:
        raise ValidationError({"nonconformity": f"{nc.number} already has an 8D report."})
    prefill = eight_d_prefill(nonconformity=nc)
    merged = {**prefill, **{k: v for k, v in values.items() if not _blank(v)}}
    _check_team(organization.pk, merged.get("d1_team_members"))
    _check_dates(nc, merged)
    return model_create(
        actor=actor,
        model=EightDReport,
        organization=organization,
        data={
            **merged,
            "nonconformity": nc,
            "prepared_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=(*EIGHT_D_FIELDS, "nonconformity", "prepared_by"),
        event_type=events.EIGHT_D_CREATED,
    )


@transaction.atomic
def eight_d_report_update(
    *, actor: Any, instance: EightDReport, data: Mapping[str, Any], version: int | None = None
) -> EightDReport:
    values = dict(data)
    if "nonconformity" in values:
        if getattr(values["nonconformity"], "pk", values["nonconformity"]) != (
            instance.nonconformity_id
        ):
            raise ValidationError(
                {"nonconformity": "An 8D report stays with its nonconformity; it cannot move."}
            )
        values.pop("nonconformity")
    _unknown(values, EIGHT_D_FIELDS)
    nc = _locked_nonconformity(instance.nonconformity)
    _refuse_if(rules.nonconformity_open_for(nonconformity_open=nc.is_open, what="its 8D report"))
    if "d1_team_members" in values:
        _check_team(instance.organization_id, values["d1_team_members"])
    _check_dates(nc, values)
    report, _changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=EIGHT_D_FIELDS,
        event_type=events.EIGHT_D_UPDATED,
        version=version,
    )
    return report


# --- Dispositions ------------------------------------------------------------------------


@transaction.atomic
def disposition_create(*, actor: Any, organization: Any, data: Mapping[str, Any]) -> Disposition:
    """Record what is done with (part of) the nonconforming output.

    `data`: the nonconformity, kind, quantity (> 0), unit (the nonconformity's when it has
    one), authorised_by (required for a concession; a member), concession_reference,
    decided_on, notes; and, to correct an earlier disposition, `replaces` with a
    `replace_reason`: that one is voided (with the reason) in the same transaction. The valid
    dispositions may not add up to more than the quantity affected, when it is set.
    """
    values = dict(data)
    nonconformity = values.pop("nonconformity", None)
    replaces = values.pop("replaces", None)
    reason = str(values.pop("replace_reason", "") or "").strip()
    _unknown(values, DISPOSITION_FIELDS)
    nc = _locked_nonconformity(nonconformity, organization.pk)
    _refuse_if(rules.nonconformity_open_for(nonconformity_open=nc.is_open, what="a disposition"))
    errors: dict[str, str] = {}
    kind = values.get("kind") or ""
    problem = rules.concession_problem(
        kind=kind, authorised_by_id=getattr(values.get("authorised_by"), "pk", None)
    )
    if problem:
        errors["authorised_by"] = problem
    authoriser = values.get("authorised_by")
    if authoriser is not None and not are_members(
        organization_id=organization.pk, users=[authoriser]
    ):
        errors["authorised_by"] = "Choose a member of the organization."
    unit = str(values.get("unit") or "").strip()
    if nc.quantity_unit:
        if unit and unit.lower() != nc.quantity_unit.lower():
            errors["unit"] = (
                f"The nonconformity counts its output in {nc.quantity_unit}: give the "
                f"quantity in {nc.quantity_unit}."
            )
        unit = nc.quantity_unit
    elif not unit:
        errors["unit"] = "Give the unit of the quantity (e.g. pcs, kg)."
    values["unit"] = unit
    decided_on = values.get("decided_on")
    if decided_on is not None and decided_on > timezone.localdate():
        errors["decided_on"] = "A disposition is recorded once decided: not a future date."
    elif decided_on is not None and nc.detected_on and decided_on < nc.detected_on:
        errors["decided_on"] = f"Before the nonconformity was detected ({nc.detected_on:%Y-%m-%d})."
    if kind != DispositionKind.USE_AS_IS and values.get("concession_reference"):
        errors["concession_reference"] = "Only a concession (use as is) has a concession reference."
    if replaces is not None:
        if replaces.nonconformity_id != nc.pk:
            errors["replaces"] = "Choose a disposition of the same nonconformity."
        elif replaces.status != DispositionStatus.VALID:
            errors["replaces"] = "That disposition is already voided."
        if not reason:
            errors["replace_reason"] = "Say why the earlier disposition is corrected."
    quantity = values.get("quantity")
    if isinstance(quantity, (int, Decimal)) and not isinstance(quantity, bool):
        if quantity <= 0:
            errors["quantity"] = "The quantity must be more than 0."
        else:
            already = dispositioned_quantity(
                nonconformity=nc, excluding=[replaces.pk] if replaces is not None else []
            )
            problem = rules.disposition_quantity_problem(
                quantity=Decimal(quantity),
                already=already,
                affected=nc.quantity_affected,
                unit=unit,
            )
            if problem:
                errors["quantity"] = problem
    if errors:
        raise ValidationError(errors)
    if replaces is not None:
        model_transition(actor=actor, instance=replaces, transition="void", reason=reason)
    return model_create(
        actor=actor,
        model=Disposition,
        organization=organization,
        data={
            **values,
            "nonconformity": nc,
            "replaces": replaces,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=(*DISPOSITION_FIELDS, "nonconformity", "replaces", "recorded_by"),
        event_type=events.DISPOSITION_RECORDED,
    )
