"""Pure rules of the root-cause analysis and of dispositions: no database access.

The shape checks take the submitted value and return the problems in words (empty when it is
valid); guards take keyword-only facts and return None or the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..display import decimal_text as _number
from .choices import CauseCategory

MAX_WHYS = 10
MIN_WHYS = 1
MAX_WHY_LENGTH = 500
MAX_CAUSES_PER_CATEGORY = 8
MAX_CAUSE_LENGTH = 120
WHY_KEYS = ("why", "answer")
CATEGORIES: tuple[str, ...] = tuple(CauseCategory.values)


def five_whys_problems(value: Any) -> list[str]:
    """What is wrong with a 5-whys chain: a list of 1 to 10 steps, each an object with a
    non-empty `why` and `answer` (text of at most 500 characters) and nothing else."""
    if not isinstance(value, list):
        return ["The 5 whys must be a list of steps, each with a why and an answer."]
    if len(value) < MIN_WHYS:
        return ["Give at least one step: a why and its answer."]
    if len(value) > MAX_WHYS:
        return [f"At most {MAX_WHYS} steps; this chain has {len(value)}."]
    problems: list[str] = []
    for number, step in enumerate(value, start=1):
        if not isinstance(step, dict):
            problems.append(f"Step {number}: must be an object with a why and an answer.")
            continue
        unknown = sorted(str(key) for key in step if key not in WHY_KEYS)
        if unknown:
            problems.append(f"Step {number}: unknown key(s) {', '.join(unknown)}.")
        for key in WHY_KEYS:
            text = step.get(key)
            if text is None or (isinstance(text, str) and not text.strip()):
                problems.append(f"Step {number}: the {key} is empty.")
            elif not isinstance(text, str):
                problems.append(f"Step {number}: the {key} must be text.")
            elif len(text.strip()) > MAX_WHY_LENGTH:
                problems.append(
                    f"Step {number}: the {key} is longer than {MAX_WHY_LENGTH} characters."
                )
    return problems


def clean_five_whys(value: list[dict[str, str]]) -> list[dict[str, str]]:
    """A valid chain with its texts trimmed (call after `five_whys_problems` found none)."""
    return [{key: step[key].strip() for key in WHY_KEYS} for step in value]


def ishikawa_problems(value: Any) -> list[str]:
    """What is wrong with an Ishikawa diagram: an object whose keys are 6M categories
    (man, machine, method, material, measurement, environment), each a list of at most 8
    short causes (non-empty text of at most 120 characters)."""
    if not isinstance(value, dict):
        return ["The Ishikawa diagram must be an object of 6M categories, each a list of causes."]
    problems: list[str] = []
    for key in value:
        if key not in CATEGORIES:
            problems.append(f"Unknown category {str(key)!r}: use one of {', '.join(CATEGORIES)}.")
    for key in CATEGORIES:
        if key not in value:
            continue
        causes = value[key]
        label = str(CauseCategory(key).label)
        if not isinstance(causes, list):
            problems.append(f"{label}: must be a list of causes.")
            continue
        if len(causes) > MAX_CAUSES_PER_CATEGORY:
            problems.append(
                f"{label}: at most {MAX_CAUSES_PER_CATEGORY} causes; there are {len(causes)}."
            )
        for number, cause in enumerate(causes, start=1):
            if not isinstance(cause, str):
                problems.append(f"{label}, cause {number}: must be text.")
            elif not cause.strip():
                problems.append(f"{label}, cause {number}: is empty.")
            elif len(cause.strip()) > MAX_CAUSE_LENGTH:
                problems.append(
                    f"{label}, cause {number}: longer than {MAX_CAUSE_LENGTH} characters "
                    "(keep causes short; explain in the root-cause statement)."
                )
    return problems


def clean_ishikawa(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """All six categories in 6M order, causes trimmed (after `ishikawa_problems` found none)."""
    return {key: [cause.strip() for cause in value.get(key, [])] for key in CATEGORIES}


def empty_ishikawa() -> dict[str, list[str]]:
    return {key: [] for key in CATEGORIES}


# --- Guards -------------------------------------------------------------------------------


def analysis_editable(
    *, nonconformity_open: bool, analysis_cycle: int, current_cycle: int
) -> str | None:
    """An analysis is written only while its nonconformity is open, and only for the
    current action cycle (earlier cycles stay as they were, read-only)."""
    if not nonconformity_open:
        return "The nonconformity is closed: its root-cause analysis can no longer change."
    if analysis_cycle != current_cycle:
        return (
            f"This analysis belongs to action cycle {analysis_cycle}; the nonconformity is in "
            f"cycle {current_cycle}. Earlier cycles are kept as they were: analyse the current "
            "cycle instead."
        )
    return None


def nonconformity_open_for(*, nonconformity_open: bool, what: str) -> str | None:
    if not nonconformity_open:
        return f"The nonconformity is closed: {what} can no longer be recorded or changed."
    return None


def disposition_quantity_problem(
    *, quantity: Decimal, already: Decimal, affected: Decimal | None, unit: str
) -> str | None:
    """The dispositions of a nonconformity (voided ones aside) may not add up to more than
    the quantity affected, when that is known."""
    if affected is None:
        return None
    if already + quantity > affected:
        left = max(affected - already, Decimal(0))
        return (
            f"Only {_number(left)} {unit} of the {_number(affected)} {unit} affected are still "
            f"without a disposition ({_number(already)} {unit} already have one); "
            f"{_number(quantity)} {unit} is too much."
        ).replace("  ", " ")
    return None


def concession_problem(*, kind: str, authorised_by_id: int | None) -> str | None:
    """Use as is under concession needs the person who authorised it."""
    if kind == "use_as_is" and authorised_by_id is None:
        return "A concession needs the person who authorised it."
    return None


def disposition_voidable(*, obj: Any, actor: Any) -> str | None:
    """Workflow guard of "void": only while the nonconformity is open."""
    return nonconformity_open_for(
        nonconformity_open=obj.nonconformity.is_open, what="a disposition"
    )


def dates_problems(*, dates: Iterable[tuple[str, Any]], detected_on: Any) -> dict[str, str]:
    """8D discipline dates may not be before the nonconformity was detected."""
    found = {}
    for name, value in dates:
        if value is not None and detected_on is not None and value < detected_on:
            found[name] = f"Before the nonconformity was detected ({detected_on:%Y-%m-%d})."
    return found
