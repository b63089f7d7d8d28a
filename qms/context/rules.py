"""Pure rules of the context of the organization: facts in, a date or a refusal out."""

from __future__ import annotations

from datetime import date

from qms.core.dates import add_months


def next_review(*, reviewed_on: date, interval_months: int) -> date:
    """The next review of a record reviewed on `reviewed_on`."""
    return add_months(reviewed_on, max(int(interval_months or 12), 1))


def review_due(*, next_review_on: date | None, today: date, within_days: int = 0) -> bool:
    """Whether a review is due (or falls due within `within_days`)."""
    if next_review_on is None:
        return False
    return (next_review_on - today).days <= within_days


def open_draft_problem(*, draft_revision_label: str | None) -> str | None:
    """Publishing the context document is refused while one of its revisions is in review
    (a draft nobody signed just takes the fresh PDF): that revision must be approved (or
    withdrawn) first, so what the reviewers sign is never swapped underneath them."""
    if draft_revision_label:
        return (
            f"Revision {draft_revision_label} of the context and scope document is in review. "
            "Finish or withdraw it in the document register before generating a new one."
        )
    return None
