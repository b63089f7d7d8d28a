"""Reads of management reviews: the list, the parts of one review, the latest held review
(the readiness report asks), the reminder and calendar queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from .choices import HELD_STATES, AttendanceStatus, ReviewStatus
from .models import Attendance, InputSection, ManagementReview, Output


def review_list(*, user: Any, organization: Any) -> QuerySet[ManagementReview]:
    queryset = ManagementReview.objects.for_user(user, "view", organization=organization)
    return queryset.select_related("chair")


def latest_held_review(*, organization: Any) -> ManagementReview | None:
    """The newest review whose meeting took place (held, or minutes approved)."""
    return (
        ManagementReview.objects.for_organization(organization)
        .filter(status__in=HELD_STATES, held_on__isnull=False)
        .select_related("chair")
        .order_by("-held_on", "-id")
        .first()
    )


def present_count(*, review: ManagementReview) -> int:
    return (
        Attendance.objects.for_organization(review.organization_id)
        .filter(review=review, status=AttendanceStatus.PRESENT)
        .count()
    )


def attendance_of(*, review: ManagementReview) -> list[Attendance]:
    return list(
        Attendance.objects.for_organization(review.organization_id)
        .filter(review=review)
        .select_related("user")
        .order_by("status", "id")
    )


def sections_of(*, review: ManagementReview) -> list[InputSection]:
    return list(
        InputSection.objects.for_organization(review.organization_id)
        .filter(review=review)
        .order_by("position")
    )


def outputs_of(*, review: ManagementReview) -> list[Output]:
    return list(
        Output.objects.for_organization(review.organization_id)
        .filter(review=review)
        .select_related("action", "action__owner")
        .order_by("id")
    )


def reviews_to_compile(*, first: date, last: date) -> list[ManagementReview]:
    """Planned reviews meeting from `first` to `last` whose pack is not compiled yet."""
    return list(
        ManagementReview.objects.filter(
            status=ReviewStatus.PLANNED, planned_on__range=(first, last), compiled_at__isnull=True
        ).select_related("chair", "organization")
    )


def planned_reviews_of_user(*, user: Any) -> list[ManagementReview]:
    """The reviews still to be held in the organizations the user is a member of."""
    from qms.accounts.models import Membership

    organizations = Membership.objects.filter(user=user).values("organization_id")
    return list(
        ManagementReview.objects.filter(
            organization_id__in=organizations,
            status__in=(ReviewStatus.PLANNED, ReviewStatus.PACK_COMPILED),
        ).select_related("organization")
    )
