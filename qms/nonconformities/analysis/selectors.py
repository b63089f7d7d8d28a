"""Reads of the root-cause analysis.

Contract used by the nonconformities workflow (close guard) and the register:
`root_cause_of(*, nonconformity) -> str` and `root_causes_of_many(*, nonconformities)`.
Until the analysis models land these answer "no root cause recorded".
"""

from collections.abc import Iterable
from typing import Any


def root_cause_of(*, nonconformity: Any) -> str:
    """The root-cause statement recorded for the NC's current cycle ("" if none)."""
    return ""


def root_causes_of_many(*, nonconformities: Iterable[Any]) -> dict[int, str]:
    """Root-cause statements of the current cycle, by NC pk (NCs without one are absent)."""
    return {}


def root_cause_categories_of_many(*, nonconformities: Iterable[Any]) -> dict[int, str]:
    """Cause categories (6M) of the current cycle, by NC pk (NCs without one are absent)."""
    return {}
