"""Labelled snapshot rows and the "changed since approval" diff (one labelling for both)."""

from typing import Any

from qms.risks.snapshots import snapshot_changes, snapshot_rows

BANDS: dict[str, Any] = {
    "low": {"key": "low", "label": "Low", "min": 1, "colour": "#0a0"},
    "high": {"key": "high", "label": "High", "min": 10, "colour": "#a00"},
}


def _snapshot(**over: Any) -> dict[str, Any]:
    s: dict[str, Any] = {
        "number": "RSK-2026-0001",
        "kind": "risk",
        "title": "Gauges overdue",
        "description": "Gauges used past due date",
        "owner": "Q. Manager",
        "inherent_likelihood": 3,
        "inherent_consequence": 4,
        "inherent_score": 12,
        "inherent_band": "high",
        "residual_likelihood": 1,
        "residual_consequence": 4,
        "residual_score": 4,
        "residual_band": "low",
        "value": None,
        "effort": None,
        "decision": "",
        "decision_reason": "",
        "treatment": "change_likelihood",
        "treatment_plan": "Recall list",
        "actions": [{"number": "ACT-1", "title": "Recall", "status": "open"}],
        "processes": ["Production"],
        "issues": [],
        "interested_parties": [],
        "matrix": "5x5",
    }
    s.update(over)
    return s


def test_changes_use_labels_and_formatted_values() -> None:
    before = _snapshot()
    now = _snapshot(
        inherent_consequence=5,
        inherent_score=15,
        treatment="avoid",
        processes=["Production", "Calibration"],
        actions=[
            {"number": "ACT-1", "title": "Recall", "status": "open"},
            {"number": "ACT-2", "title": "Label", "status": "open"},
        ],
    )
    changes = snapshot_changes(before, now, bands=BANDS)
    labels = [label for label, _a, _b in changes]
    assert labels == ["Inherent rating", "Treatment", "Processes", "Actions"]
    rows = {label: (a, b) for label, a, b in changes}
    assert rows["Inherent rating"] == ("3 x 4 = 12 (High)", "3 x 5 = 15 (High)")
    assert rows["Treatment"] == ("Change the likelihood", "Avoid the risk")
    assert rows["Processes"] == ("Production", "Production, Calibration")
    assert "[" not in rows["Actions"][1] and "ACT-2 Label (open)" in rows["Actions"][1]
    assert not any("_" in label for label in labels)


def test_order_is_fixed_whatever_the_json_key_order() -> None:
    before = _snapshot()
    reordered = dict(sorted(before.items(), reverse=True))  # as JSONB may return it
    now = _snapshot(title="New title", matrix="4x4", owner="Someone", treatment_plan="New")
    assert [r.key for r in snapshot_rows(reordered, bands=BANDS)] == [
        r.key for r in snapshot_rows(before, bands=BANDS)
    ]
    labels = [label for label, _a, _b in snapshot_changes(reordered, now, bands=BANDS)]
    assert labels == ["Title", "Owner", "Treatment plan", "Matrix"]


def test_description_change_is_listed() -> None:
    changes = snapshot_changes(_snapshot(), _snapshot(description="Reworded"), bands=BANDS)
    assert changes == [("Description", "Gauges used past due date", "Reworded")]


def test_old_snapshot_without_description_does_not_compare_it() -> None:
    old = _snapshot()
    del old["description"]
    assert snapshot_changes(old, _snapshot(description="Anything"), bands=BANDS) == []
    assert "description" not in [r.key for r in snapshot_rows(old, bands=BANDS)]


def test_opportunity_rows() -> None:
    opp = _snapshot(kind="opportunity", value=4, effort=2, inherent_score=8, decision="pursue")
    rows = {r.label: r.value for r in snapshot_rows(opp, bands=BANDS)}
    assert rows["Decision"] == "Pursue"
    assert "Inherent rating" not in rows and rows["Value x effort"].startswith("4 x 2 = 8")
