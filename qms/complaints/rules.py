"""Pure rules of the complaint workflow: facts in, None or the reason in words out.

The `*_problem` functions take the facts as arguments (testable without a database); the
guards (keyword-only `obj` and `actor`, as `qms.core.workflow` calls them) feed them the
complaint's fields and today's date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from .choices import OPEN_STATES

if TYPE_CHECKING:
    from .models import Complaint


def acknowledgement_problem(
    *, received_on: date | None, acknowledged_on: date | None, today: date
) -> str | None:
    if acknowledged_on is None:
        return (
            "Enter the date you acknowledged the complaint to the customer first: Edit, "
            "“Acknowledged on”."
        )
    if acknowledged_on > today:
        return (
            "The acknowledgement date is in the future: correct it (Edit) to the day you "
            "acknowledged the complaint."
        )
    if received_on is not None and acknowledged_on < received_on:
        return "The acknowledgement date is before the complaint was received: correct it (Edit)."
    return None


def response_problem(*, response: str, response_sent_on: date | None, today: date) -> str | None:
    if not (response or "").strip():
        return "Write the response you sent to the customer first: Edit, “Response”."
    if response_sent_on is None:
        return (
            "Enter the date you sent the response to the customer first: Edit, “Response sent on”."
        )
    if response_sent_on > today:
        return "The response date is in the future: correct it (Edit) to the day you sent it."
    return None


def escalation_problem(*, status: str, nonconformity_number: str | None) -> str | None:
    if nonconformity_number is not None:
        return f"This complaint was already escalated to {nonconformity_number}."
    if status not in OPEN_STATES:
        return "A closed complaint cannot be escalated: reopen it first."
    return None


def edit_problems(*, status: str, changes: dict[str, Any], today: date) -> dict[str, str]:
    """What an edit may not do in the complaint's state (field -> reason): a closed complaint
    is not edited (reopen it first); once acknowledged, the acknowledgement date stays and
    stays real; once answered, the response and its date stay."""
    if status == "closed":
        return {"__all__": "A closed complaint cannot be changed: reopen it first."}
    problems: dict[str, str] = {}
    if status != "received" and "acknowledged_on" in changes:
        value = changes["acknowledged_on"]
        if value is None:
            problems["acknowledged_on"] = (
                "The complaint was acknowledged: its acknowledgement date cannot be removed."
            )
        elif value > today:
            problems["acknowledged_on"] = "The acknowledgement date cannot be in the future."
    if status == "responded":
        if "response" in changes and not (changes["response"] or "").strip():
            problems["response"] = "The complaint was answered: its response cannot be removed."
        if "response_sent_on" in changes and changes["response_sent_on"] is None:
            problems["response_sent_on"] = (
                "The complaint was answered: the date the response was sent cannot be removed."
            )
    return problems


def acknowledgement_overdue(*, acknowledged_on: date | None, due: date | None, today: date) -> bool:
    return acknowledged_on is None and due is not None and due < today


# --- Guards (called by the workflow) -------------------------------------------------------


def is_acknowledged(*, obj: Complaint, actor: Any) -> str | None:
    return acknowledgement_problem(
        received_on=obj.received_on,
        acknowledged_on=obj.acknowledged_on,
        today=timezone.localdate(),
    )


def is_answered(*, obj: Complaint, actor: Any) -> str | None:
    return response_problem(
        response=obj.response, response_sent_on=obj.response_sent_on, today=timezone.localdate()
    )
