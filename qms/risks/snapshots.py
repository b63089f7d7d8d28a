"""Labelled rows of an approval snapshot: the ONE labelling used by the "Snapshot as approved"
block and the "Changed since this approval" table, so the two cannot drift.

The row order is defined here (SNAPSHOT_ROWS), never taken from the stored JSON: PostgreSQL
JSONB reorders object keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .choices import Decision, RiskKind, Treatment

Bands = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class SnapshotRow:
    key: str
    label: str
    value: str


def _text(key: str) -> Callable[[Mapping[str, Any], Bands], str]:
    def fmt(s: Mapping[str, Any], bands: Bands) -> str:
        value = s.get(key)
        return "" if value is None else str(value)

    return fmt


def _joined(key: str) -> Callable[[Mapping[str, Any], Bands], str]:
    def fmt(s: Mapping[str, Any], bands: Bands) -> str:
        value = s.get(key) or []
        if isinstance(value, str):
            return value
        return ", ".join(str(v) for v in value)

    return fmt


def _band(bands: Bands, key: Any) -> str:
    band = bands.get(str(key)) if key else None
    return str(band.get("label") or key) if band else str(key or "")


def _rating(a: str, b: str, score: str, band: str) -> Callable[[Mapping[str, Any], Bands], str]:
    def fmt(s: Mapping[str, Any], bands: Bands) -> str:
        if not s.get(score):
            return ""
        return f"{s.get(a)} x {s.get(b)} = {s.get(score)} ({_band(bands, s.get(band))})"

    return fmt


def _choice(key: str, labels: Mapping[str, str]) -> Callable[[Mapping[str, Any], Bands], str]:
    def fmt(s: Mapping[str, Any], bands: Bands) -> str:
        value = s.get(key) or ""
        return str(labels.get(value, value)) if value else ""

    return fmt


def _actions(s: Mapping[str, Any], bands: Bands) -> str:
    return ", ".join(
        f"{a.get('number', '')} {a.get('title', '')} ({a.get('status', '')})".strip()
        for a in s.get("actions") or []
    )


_TREATMENTS = {str(v): str(label) for v, label in Treatment.choices}
_DECISIONS = {str(v): str(label) for v, label in Decision.choices if v}

# (row key, label, kinds shown for (None: both), formatter, snapshot keys it needs)
SNAPSHOT_ROWS: Sequence[tuple[str, Any, str | None, Callable[[Mapping[str, Any], Bands], str]]] = (
    ("number", _("Number"), None, _text("number")),
    ("title", _("Title"), None, _text("title")),
    ("description", _("Description"), None, _text("description")),
    ("owner", _("Owner"), None, _text("owner")),
    (
        "value_effort",
        _("Value x effort"),
        RiskKind.OPPORTUNITY,
        _rating("value", "effort", "inherent_score", "inherent_band"),
    ),
    ("decision", _("Decision"), RiskKind.OPPORTUNITY, _choice("decision", _DECISIONS)),
    ("decision_reason", _("Reason"), RiskKind.OPPORTUNITY, _text("decision_reason")),
    (
        "inherent",
        _("Inherent rating"),
        RiskKind.RISK,
        _rating("inherent_likelihood", "inherent_consequence", "inherent_score", "inherent_band"),
    ),
    (
        "residual",
        _("Residual (target)"),
        RiskKind.RISK,
        _rating("residual_likelihood", "residual_consequence", "residual_score", "residual_band"),
    ),
    ("treatment", _("Treatment"), RiskKind.RISK, _choice("treatment", _TREATMENTS)),
    ("treatment_plan", _("Treatment plan"), RiskKind.RISK, _text("treatment_plan")),
    ("processes", _("Processes"), None, _joined("processes")),
    ("issues", _("Context issues"), None, _joined("issues")),
    ("interested_parties", _("Interested parties"), None, _joined("interested_parties")),
    ("matrix", _("Matrix"), None, _text("matrix")),
    ("actions", _("Actions"), None, _actions),
)

# Rows whose value only exists in newer snapshots: an older snapshot without them does not
# compare them (rather than listing them as changed from nothing).
_OPTIONAL = {"description": ("description",)}


def snapshot_rows(
    snapshot: Mapping[str, Any], *, bands: Bands, exclude: Sequence[str] = ()
) -> list[SnapshotRow]:
    """The snapshot as labelled, formatted rows in the fixed order."""
    kind = snapshot.get("kind") or RiskKind.RISK
    rows = []
    for key, label, kinds, fmt in SNAPSHOT_ROWS:
        if key in exclude or (kinds is not None and kinds != kind):
            continue
        if key in _OPTIONAL and not all(k in snapshot for k in _OPTIONAL[key]):
            continue
        rows.append(SnapshotRow(key, str(label), fmt(snapshot, bands)))
    return rows


def snapshot_changes(
    before: Mapping[str, Any], now: Mapping[str, Any], *, bands: Bands
) -> list[tuple[str, str, str]]:
    """(label, approved value, current value) for every row that changed, in the fixed order."""
    current = {row.key: row for row in snapshot_rows(now, bands=bands)}
    changes = []
    for row in snapshot_rows(before, bands=bands):
        new = current.get(row.key)
        new_value = new.value if new is not None else ""
        if row.value != new_value:
            changes.append((row.label, row.value, new_value))
    return changes
