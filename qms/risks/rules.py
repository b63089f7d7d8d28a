"""Pure rules of the risk register: facts in, a value or the reason in words out.

Scores and bands, matrix validation, ratings against the matrix, the reasons the workflow
refuses a step (the guards that read the facts and call these are in workflows.py) and the
quarterly trend.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from .choices import OPEN_STATES, Decision, RiskKind, Treatment

MIN_LEVELS = 3
MAX_LEVELS = 5

RATING_FIELDS = ("inherent_likelihood", "inherent_consequence")
RESIDUAL_FIELDS = ("residual_likelihood", "residual_consequence")
OPPORTUNITY_FIELDS = ("value", "effort")
# Which matrix axis each rating field is measured on.
AXIS = {
    "inherent_likelihood": "likelihood_labels",
    "residual_likelihood": "likelihood_labels",
    "inherent_consequence": "consequence_labels",
    "residual_consequence": "consequence_labels",
    "value": "value_labels",
    "effort": "effort_labels",
}


def score(first: int | None, second: int | None) -> int | None:
    """likelihood x consequence (or value x effort); None when either is missing."""
    if first is None or second is None:
        return None
    return int(first) * int(second)


def band_for(value: int | None, bands: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The band whose threshold is the highest one not above `value` (None for no score)."""
    if value is None:
        return None
    found = None
    for band in sorted(bands, key=lambda b: int(b["min_score"])):
        if int(band["min_score"]) <= value:
            found = band
    return found


def band_key(value: int | None, bands: Sequence[Mapping[str, Any]]) -> str:
    band = band_for(value, bands)
    return str(band["key"]) if band else ""


def band_rank(key: str, bands: Sequence[Mapping[str, Any]]) -> int:
    """Position of a band from the lowest (0); -1 when unknown."""
    ordered = [b["key"] for b in sorted(bands, key=lambda b: int(b["min_score"]))]
    return ordered.index(key) if key in ordered else -1


def _labels_problem(labels: Any, what: str) -> str | None:
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        return f"Give the {what} levels as a list of labels."
    if not MIN_LEVELS <= len(labels) <= MAX_LEVELS:
        return f"Give {MIN_LEVELS} to {MAX_LEVELS} {what} levels (there are {len(labels)})."
    if any(not x.strip() for x in labels):
        return f"Every {what} level needs a label."
    if len({x.strip().lower() for x in labels}) != len(labels):
        return f"Two {what} levels have the same label."
    return None


def bands_problem(bands: Any, *, max_score: int) -> str | None:
    """Bands must cover 1..max_score without gaps: thresholds distinct, the lowest at 1, none
    above max_score; each with a key, a label and a #rrggbb colour."""
    if not isinstance(bands, list) or not bands:
        return "Give at least one band."
    keys: set[str] = set()
    thresholds: set[int] = set()
    for band in bands:
        if not isinstance(band, Mapping):
            return "Each band needs a key, a label, a lowest score and a colour."
        key = str(band.get("key", "")).strip()
        label = str(band.get("label", "")).strip()
        colour = str(band.get("colour", ""))
        try:
            threshold = int(band.get("min_score"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return f"Band “{label or key}”: its lowest score must be a whole number."
        if not key or not label:
            return "Each band needs a key and a label."
        if not (len(colour) == 7 and colour.startswith("#") and _is_hex(colour[1:])):
            return f"Band “{label}”: give its colour as #rrggbb."
        if key in keys:
            return f"Two bands have the key “{key}”."
        if threshold in thresholds:
            return f"Two bands start at score {threshold}: each band needs its own range."
        if threshold < 1 or threshold > max_score:
            return f"Band “{label}” starts at {threshold}, outside the scores 1 to {max_score}."
        keys.add(key)
        thresholds.add(threshold)
    if min(thresholds) != 1:
        return (
            f"The lowest band must start at score 1 (it starts at {min(thresholds)}): "
            "lower scores would have no band."
        )
    return None


def _is_hex(text: str) -> bool:
    return all(ch in "0123456789abcdefABCDEF" for ch in text)


def matrix_problems(config: Mapping[str, Any]) -> dict[str, str]:
    """field -> reason for a matrix configuration (likelihood/consequence labels, bands,
    value/effort labels, opportunity bands)."""
    problems: dict[str, str] = {}
    for field, what in (
        ("likelihood_labels", "likelihood"),
        ("consequence_labels", "consequence"),
        ("value_labels", "value"),
        ("effort_labels", "effort"),
    ):
        problem = _labels_problem(config.get(field), what)
        if problem:
            problems[field] = problem
    if "likelihood_labels" not in problems and "consequence_labels" not in problems:
        top = len(config["likelihood_labels"]) * len(config["consequence_labels"])
        problem = bands_problem(config.get("bands"), max_score=top)
        if problem:
            problems["bands"] = problem
    if "value_labels" not in problems and "effort_labels" not in problems:
        top = len(config["value_labels"]) * len(config["effort_labels"])
        problem = bands_problem(config.get("opportunity_bands"), max_score=top)
        if problem:
            problems["opportunity_bands"] = problem
    return problems


def shrink_problems(config: Mapping[str, Any], highest_used: Mapping[str, int]) -> dict[str, str]:
    """Refuse a smaller axis when existing ratings use a level it drops.
    `highest_used`: axis field -> the highest level any entry (or assessment) uses."""
    problems: dict[str, str] = {}
    for field, used in highest_used.items():
        size = len(config.get(field) or [])
        if used and used > size:
            problems[field] = (
                f"Existing ratings use level {used} of this scale: it cannot have only {size} "
                "levels. Re-rate those entries first."
            )
    return problems


def rating_problems(values: Mapping[str, Any], sizes: Mapping[str, int]) -> dict[str, str]:
    """field -> reason for each rating outside the matrix (`sizes`: axis -> number of levels)."""
    problems: dict[str, str] = {}
    for field, axis in AXIS.items():
        value = values.get(field)
        if value in (None, ""):
            continue
        size = sizes[axis]
        try:
            level = int(str(value))
        except (TypeError, ValueError):
            problems[field] = "Choose a level of the matrix."
            continue
        if not 1 <= level <= size:
            problems[field] = f"Choose a level from 1 to {size}: the matrix has {size} levels."
    return problems


def kind_problems(kind: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Fields that belong to the other kind of entry."""
    problems: dict[str, str] = {}
    if kind == RiskKind.OPPORTUNITY:
        for field in (*RATING_FIELDS, *RESIDUAL_FIELDS, "treatment", "cause", "effect"):
            if values.get(field):
                problems[field] = "An opportunity is scored by value and effort, not rated."
    elif kind == RiskKind.RISK:
        for field in (*OPPORTUNITY_FIELDS, "decision", "benefit"):
            if values.get(field):
                problems[field] = "This field belongs to opportunities."
    if values.get("decision") and not str(values.get("decision_reason") or "").strip():
        problems["decision_reason"] = "Give the reason for the decision."
    return problems


# --- Workflow guards -----------------------------------------------------------------------


def assessment_problem(
    *, kind: str, inherent: tuple[Any, Any], value: tuple[Any, Any]
) -> str | None:
    if kind == RiskKind.RISK and None in inherent:
        return "Rate the inherent likelihood and consequence first (Edit)."
    if kind == RiskKind.OPPORTUNITY and None in value:
        return "Score the value and the effort first (Edit)."
    return None


def planning_problem(
    *,
    kind: str,
    treatment: str,
    plan: str,
    residual: tuple[Any, Any],
    decision: str,
    decision_reason: str,
    open_actions: int,
    all_actions: int,
) -> str | None:
    if kind == RiskKind.OPPORTUNITY:
        if decision == Decision.UNDECIDED:
            return "Decide on the opportunity first (pursue, defer or reject), with a reason."
        if not decision_reason.strip():
            return "Give the reason for the decision first (Edit)."
        if decision == Decision.PURSUE and all_actions == 0:
            return "A pursued opportunity needs at least one action: add one below."
        return None
    if not treatment:
        return "Choose how the risk is treated first (Edit, “Treatment”)."
    if not plan.strip():
        return "Describe the treatment plan first (Edit, “Treatment plan”)."
    if None in residual:
        return "Rate the residual (target) likelihood and consequence first (Edit)."
    if treatment != Treatment.RETAIN and all_actions == 0:
        return "A treatment other than “retain” needs at least one action: add one below."
    return None


def approval_problem(*, owner_id: int | None, actor_id: int | None) -> str | None:
    if owner_id is None or owner_id != actor_id:
        return "Only the owner of the entry can approve its treatment."
    return None


# --- Reviews ---------------------------------------------------------------------------------


def review_overdue(*, status: str, next_review_on: date | None, today: date) -> bool:
    return status in OPEN_STATES and next_review_on is not None and next_review_on < today


# --- Trend -----------------------------------------------------------------------------------


def quarter_ends(today: date, count: int = 8) -> list[date]:
    """The last day of each of the `count` quarters up to and including today's."""
    ends: list[date] = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(count):
        month = quarter * 3
        end = date(year, month, monthrange(year, month)[1])
        ends.append(end)
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return list(reversed(ends))


def quarter_label(end: date) -> str:
    return f"{end.year} Q{(end.month - 1) // 3 + 1}"


def high_per_quarter(
    *,
    ends: Sequence[date],
    entries: Mapping[int, tuple[date, date | None]],
    assessments: Iterable[tuple[int, date, str]],
    bands: Sequence[Mapping[str, Any]],
    threshold: str = "high",
) -> list[int]:
    """How many risks were rated `threshold` or above at each quarter end.

    `entries`: risk id -> (recorded on, closed on or None); a risk counts when recorded on or
    before the day and not closed by then. `assessments`: (risk id, assessed on, inherent
    band) in any order; the latest one on or before the day rates the risk."""
    floor = band_rank(threshold, bands)
    history: dict[int, list[tuple[date, str]]] = {}
    for risk_id, on, band in assessments:
        history.setdefault(risk_id, []).append((on, band))
    for rows in history.values():
        rows.sort()
    counts: list[int] = []
    for end in ends:
        count = 0
        for risk_id, rows in history.items():
            recorded, closed = entries.get(risk_id, (None, None))
            if recorded is None or recorded > end or (closed is not None and closed <= end):
                continue
            latest = None
            for on, band in rows:
                if on <= end:
                    latest = band
                else:
                    break
            if latest is not None and band_rank(latest, bands) >= floor >= 0:
                count += 1
        counts.append(count)
    return counts
