"""A certification body's programme settings (domain spec §3.3, §3.6, §3.7): the numbers the
3-year cycle is computed with. Pure: no database access.

Every value is a setting of the certification body ([CB] in the spec) with the usual value as
default. The validation keeps each one inside what ISO/IEC 17021-1 allows (the cycle is at most
three years, the first surveillance at most 12 months after the decision, restoration at most
6 months after expiry, majors from the initial audit verified within at most 6 months), so a
policy that passes validation never allows what the standard forbids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


class PolicyError(ValueError):
    """A programme setting out of range. `field` is the setting's name, `reason` the rest of
    the sentence; `str(error)` is "<field> <reason>"."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field} {reason}")


# Inclusive bounds of each setting (the relations between settings are checked after these).
_BOUNDS: dict[str, tuple[int, int, str]] = {
    "expiry_days_less": (0, 31, "days"),
    "cycle_months": (3, 36, "months"),
    "first_surveillance_months": (1, 12, "months"),
    "second_surveillance_months": (2, 35, "months"),
    "surveillance_tolerance_months": (0, 6, "months"),
    "restoration_months": (0, 6, "months"),
    "major_verification_months": (1, 6, "months"),
    "recertification_lead_months": (0, 12, "months"),
    "max_suspension_months": (1, 12, "months"),
}


@dataclass(frozen=True)
class ProgrammePolicy:
    """The certification body's settings for the audit programme; all configurable.

    - `expiry_days_less`: expiry = decision + `cycle_months` - this many days (1 by the usual
      convention, so a cycle decided on 10 March ends on 9 March three years later).
    - `cycle_months`: length of the certification cycle (36; at most 36).
    - `first_surveillance_months`: surveillance 1 no later than this after the decision
      (12; at most 12, a hard rule).
    - `second_surveillance_months`: surveillance 2 planned about this long after the
      decision (24).
    - `surveillance_tolerance_months`: the certification body's window around the planned
      surveillance dates (± 3); outside it needs a justification (a soft rule).
    - `restoration_months`: an expired certification may be restored up to this long after
      expiry (6; at most 6).
    - `major_verification_months`: majors from the initial audit verified within this long
      after the last day of Stage 2, or Stage 2 is repeated (6; at most 6).
    - `recertification_lead_months`: the recertification audit should start at least this
      long before expiry (3, a soft rule).
    - `max_suspension_months`: a suspension longer than this needs a justification (6).
    """

    expiry_days_less: int = 1
    cycle_months: int = 36
    first_surveillance_months: int = 12
    second_surveillance_months: int = 24
    surveillance_tolerance_months: int = 3
    restoration_months: int = 6
    major_verification_months: int = 6
    recertification_lead_months: int = 3
    max_suspension_months: int = 6

    def __post_init__(self) -> None:
        for name, (low, high, unit) in _BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise PolicyError(name, f"must be a whole number of {unit} (got {value!r}).")
            if not low <= value <= high:
                raise PolicyError(name, f"must be between {low} and {high} {unit} (got {value}).")
        if self.second_surveillance_months <= self.first_surveillance_months:
            raise PolicyError(
                "second_surveillance_months",
                f"({self.second_surveillance_months}) must be later than "
                f"first_surveillance_months ({self.first_surveillance_months}).",
            )
        if self.second_surveillance_months >= self.cycle_months:
            raise PolicyError(
                "second_surveillance_months",
                f"({self.second_surveillance_months}) must be earlier than the end of the "
                f"cycle (cycle_months {self.cycle_months}).",
            )
        if self.recertification_lead_months >= self.cycle_months:
            raise PolicyError(
                "recertification_lead_months",
                f"({self.recertification_lead_months}) must be shorter than the cycle "
                f"(cycle_months {self.cycle_months}).",
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ProgrammePolicy:
        """A policy from stored settings (e.g. a JSON field); missing keys take the default,
        an unknown key is refused (PolicyError) rather than silently ignored."""
        known = {item.name for item in fields(cls)}
        for key in data:
            if key not in known:
                raise PolicyError(str(key), "is not a programme setting.")
        return cls(**dict(data))

    def as_dict(self) -> dict[str, int]:
        """The settings by name (the inverse of `from_mapping`)."""
        return asdict(self)
