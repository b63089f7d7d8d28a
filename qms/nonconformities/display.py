"""How the nonconformity reports (the NC report, the 8D report and its prefill) name a
person and a quantity: one way, so the PDFs and the prefilled text agree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def decimal_text(value: Decimal) -> str:
    """A quantity without trailing zeros and never in exponent form ("2.50" -> "2.5")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def person_label(user: Any) -> str:
    """ "Full Name (email)", or just the e-mail address when no name is recorded."""
    if user is None:
        return ""
    name = getattr(user, "full_name", "") or ""
    return f"{name} ({user.email})" if name else str(user.email)


def quantity_label(nonconformity: Any) -> str:
    """The quantity affected with its unit ("12 pcs"), "" when none was recorded."""
    if nonconformity.quantity_affected is None:
        return ""
    return f"{decimal_text(nonconformity.quantity_affected)} {nonconformity.quantity_unit}".strip()
