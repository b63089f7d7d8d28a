from __future__ import annotations

from datetime import date

import pytest

from qms.risks import rules
from qms.risks.models import default_bands

BANDS = default_bands()
BANDS_3 = [
    {"key": "low", "label": "Low", "min_score": 1, "colour": "#00aa00"},
    {"key": "medium", "label": "Medium", "min_score": 3, "colour": "#ffaa00"},
    {"key": "high", "label": "High", "min_score": 6, "colour": "#ff0000"},
]


@pytest.mark.parametrize(
    ("lik", "con", "expected_score", "expected_band"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (3, 5, 15, "high"),
        (5, 4, 20, "critical"),
        (5, 5, 25, "critical"),
    ],
)
def test_score_and_band_on_5x5(lik: int, con: int, expected_score: int, expected_band: str) -> None:
    score = rules.score(lik, con)
    assert score == expected_score
    assert rules.band_key(score, BANDS) == expected_band


@pytest.mark.parametrize(
    ("lik", "con", "expected"),
    [
        (1, 1, "low"),
        (1, 2, "low"),
        (1, 3, "medium"),
        (2, 2, "medium"),
        (2, 3, "high"),
        (3, 3, "high"),
    ],
)
def test_band_on_3x3(lik: int, con: int, expected: str) -> None:
    assert rules.band_key(rules.score(lik, con), BANDS_3) == expected


def test_no_score_without_both_levels() -> None:
    assert rules.score(None, 3) is None
    assert rules.band_key(None, BANDS) == ""


def _config(**changes: object) -> dict[str, object]:
    config: dict[str, object] = {
        "likelihood_labels": ["a", "b", "c"],
        "consequence_labels": ["a", "b", "c"],
        "bands": BANDS_3,
        "value_labels": ["a", "b", "c"],
        "effort_labels": ["a", "b", "c"],
        "opportunity_bands": BANDS_3,
    }
    config.update(changes)
    return config


def test_valid_matrix_has_no_problems() -> None:
    assert rules.matrix_problems(_config()) == {}


def test_matrix_sizes_3_to_5() -> None:
    problems = rules.matrix_problems(_config(likelihood_labels=["a", "b"]))
    assert "3 to 5" in problems["likelihood_labels"]
    problems = rules.matrix_problems(_config(consequence_labels=list("abcdef")))
    assert "3 to 5" in problems["consequence_labels"]


def test_bands_must_start_at_one_and_stay_in_range() -> None:
    gap = [dict(b) for b in BANDS_3]
    gap[0]["min_score"] = 2
    assert "start at score 1" in rules.matrix_problems(_config(bands=gap))["bands"]
    above = [dict(b) for b in BANDS_3]
    above[2]["min_score"] = 10  # 3x3 tops at 9
    assert "outside the scores 1 to 9" in rules.matrix_problems(_config(bands=above))["bands"]
    twice = [dict(b) for b in BANDS_3]
    twice[2]["min_score"] = 3
    assert "own range" in rules.matrix_problems(_config(bands=twice))["bands"]
    colour = [dict(b) for b in BANDS_3]
    colour[0]["colour"] = "red"
    assert "#rrggbb" in rules.matrix_problems(_config(bands=colour))["bands"]


def test_shrinking_refused_when_ratings_use_dropped_levels() -> None:
    problems = rules.shrink_problems(_config(), {"likelihood_labels": 5, "value_labels": 2})
    assert "level 5" in problems["likelihood_labels"]
    assert "value_labels" not in problems


def test_ratings_out_of_range() -> None:
    sizes = {"likelihood_labels": 3, "consequence_labels": 5, "value_labels": 3, "effort_labels": 3}
    problems = rules.rating_problems(
        {
            "inherent_likelihood": 4,
            "inherent_consequence": 5,
            "residual_likelihood": 0,
            "value": "x",
        },
        sizes,
    )
    assert set(problems) == {"inherent_likelihood", "residual_likelihood", "value"}
    assert "1 to 3" in problems["inherent_likelihood"]


def test_treatment_guards() -> None:
    base = {
        "kind": "risk",
        "plan": "Recall list",
        "residual": (1, 2),
        "decision": "",
        "decision_reason": "",
        "open_actions": 0,
        "all_actions": 0,
    }
    assert "Choose how" in rules.planning_problem(treatment="", **base)
    assert "at least one action" in rules.planning_problem(
        treatment="change_likelihood",
        **base,
    )
    assert rules.planning_problem(treatment="retain", **base) is None
    with_action = {**base, "all_actions": 1, "open_actions": 1}
    assert rules.planning_problem(treatment="share", **with_action) is None
    no_residual = {**base, "residual": (None, 2)}
    assert "residual" in rules.planning_problem(treatment="retain", **no_residual)


def test_opportunity_decision_needs_reason() -> None:
    args = {
        "kind": "opportunity",
        "treatment": "",
        "plan": "",
        "residual": (None, None),
        "open_actions": 0,
        "all_actions": 0,
    }
    assert "Decide" in rules.planning_problem(decision="", decision_reason="", **args)
    assert "reason" in rules.planning_problem(decision="defer", decision_reason=" ", **args)
    assert rules.planning_problem(decision="reject", decision_reason="Too costly", **args) is None
    assert "action" in rules.planning_problem(decision="pursue", decision_reason="Yes", **args)


def test_approval_only_by_owner() -> None:
    assert rules.approval_problem(owner_id=1, actor_id=1) is None
    assert "Only the owner" in rules.approval_problem(owner_id=1, actor_id=2)


def test_quarter_ends() -> None:
    ends = rules.quarter_ends(date(2026, 11, 28), 8)
    assert ends[-1] == date(2026, 12, 31)
    assert ends[0] == date(2025, 3, 31)
    assert rules.quarter_label(ends[0]) == "2025 Q1"


def test_high_per_quarter_from_history() -> None:
    ends = [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]
    entries = {
        1: (date(2026, 1, 10), None),
        2: (date(2026, 2, 1), date(2026, 8, 1)),
        3: (date(2026, 5, 1), None),
    }
    assessments = [
        (1, date(2026, 1, 10), "high"),
        (1, date(2026, 5, 1), "medium"),  # re-rated down in Q2
        (2, date(2026, 2, 1), "critical"),  # closed in Q3
        (3, date(2026, 5, 1), "low"),
        (3, date(2026, 9, 1), "high"),
    ]
    counts = rules.high_per_quarter(
        ends=ends, entries=entries, assessments=assessments, bands=BANDS
    )
    assert counts == [2, 1, 1]
