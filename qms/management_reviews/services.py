"""Writes of management reviews: plan and edit a review, compile (and recompile) its input
pack from live records, record attendance, the text of the manual sections, the minutes and
the conclusion, and the decisions (outputs, each an action of the shared tracker).

Every service is one transaction with its audit event; state changes go through the
declared workflow (workflows.py). After the minutes are approved (or the review is
cancelled) nothing of the review changes any more.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.accounts.selectors import check_member
from qms.core.audit import record_event
from qms.core.dates import add_months
from qms.core.errors import Conflict
from qms.core.search import register_search_indexer, search_index
from qms.core.services import lock_for_change, model_create, model_update, sequence_next
from qms.core.workflow import model_transition

from . import events, rules
from .choices import ReviewStatus
from .models import Attendance, InputSection, ManagementReview, Output
from .sections import SECTIONS
from .specs import ATTENDANCE, REVIEW

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization


def default_period(*, organization: Any, planned_on: date) -> tuple[date, date]:
    """From the day after the previous review's period (not cancelled), else twelve months,
    to the day before the meeting."""
    previous = (
        ManagementReview.objects.for_organization(organization)
        .exclude(status=ReviewStatus.CANCELLED)
        .filter(period_end__lt=planned_on)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    end = planned_on - timedelta(days=1)
    start = previous + timedelta(days=1) if previous is not None else add_months(planned_on, -12)
    return min(start, end), end


def search_text(review: ManagementReview) -> tuple[str, str]:
    """What the global search finds a review by: its number and title, then its minutes
    and conclusion."""
    body = " ".join(p for p in (review.location, review.minutes, review.conclusion) if p)
    return f"{review.number} {review.title}", body


def search_indexer_register() -> None:
    register_search_indexer(
        ManagementReview, search_text, lambda: ManagementReview._base_manager.all()
    )


def _reindex(review: ManagementReview) -> None:
    title, body = search_text(review)
    search_index(obj=review, title=title, body=body)


def _locked_open(review: ManagementReview, *, version: int | None) -> ManagementReview:
    """The review locked for a change, refused (409) once frozen."""
    locked = lock_for_change(review, version=version)
    problem = rules.frozen_problem(status=locked.status)
    if problem:
        raise Conflict(problem)
    return locked


def _review_save(
    *,
    actor: User,
    instance: ManagementReview,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    version: int | None,
) -> ManagementReview:
    review, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=fields,
        event_type=events.REVIEW_UPDATED,
        version=version,
    )
    _reindex(review)
    return review


@transaction.atomic
def review_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> ManagementReview:
    """A planned review numbered MR-<year of the meeting>-NN; the period defaults to the
    time since the previous review (or twelve months)."""
    values = dict(data)
    unknown = sorted(set(values) - set(REVIEW.fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    check_member(organization_id=organization.pk, user=values.get("chair"), field="chair")
    planned_on = values.get("planned_on")
    if not isinstance(planned_on, date):
        raise ValidationError({"planned_on": "Enter the date of the meeting."})
    if not values.get("period_start") or not values.get("period_end"):
        start, end = default_period(organization=organization, planned_on=planned_on)
        values["period_start"] = values.get("period_start") or start
        values["period_end"] = values.get("period_end") or end
    sequence = sequence_next(
        organization_id=organization.pk, key="management_review", year=planned_on.year
    )
    values["number"] = f"MR-{planned_on.year}-{sequence:02d}"
    review: ManagementReview = model_create(
        actor=actor,
        model=ManagementReview,
        organization=organization,
        data=values,
        fields=(*REVIEW.fields, "number"),
        event_type=events.REVIEW_CREATED,
    )
    _reindex(review)
    return review


@transaction.atomic
def review_update(
    *,
    actor: User,
    instance: ManagementReview,
    data: Mapping[str, Any],
    version: int | None = None,
) -> ManagementReview:
    _locked_open(instance, version=version)
    if "chair" in data:
        check_member(organization_id=instance.organization_id, user=data["chair"], field="chair")
    return _review_save(
        actor=actor, instance=instance, data=data, fields=REVIEW.fields, version=version
    )


@transaction.atomic
def minutes_update(
    *,
    actor: User,
    instance: ManagementReview,
    data: Mapping[str, Any],
    version: int | None = None,
) -> ManagementReview:
    """The minutes, the conclusion (§9.3.3) and the date the meeting was held."""
    locked = _locked_open(instance, version=version)
    values = dict(data)
    if "held_on" in values:
        if locked.status != ReviewStatus.HELD and values["held_on"] != locked.held_on:
            raise ValidationError(
                {"held_on": "The date is recorded once the meeting is recorded as held."}
            )
        problem = rules.held_on_problem(held_on=values["held_on"], today=timezone.localdate())
        if problem:
            raise ValidationError({"held_on": problem})
        if values["held_on"] is None and locked.status == ReviewStatus.HELD:
            raise ValidationError({"held_on": "Enter the date the meeting was held."})
    return _review_save(
        actor=actor,
        instance=instance,
        data=values,
        fields=("minutes", "conclusion", "held_on"),
        version=version,
    )


def write_sections(*, review: ManagementReview) -> list[InputSection]:
    """Build every registered section from live records of the review's period and store
    it as the frozen snapshot (the management's text of a section is kept). Call it inside
    a transaction holding the review's lock."""
    now = timezone.now()
    organization = review.organization
    existing = {
        s.key: s
        for s in InputSection.objects.for_organization(review.organization_id).filter(review=review)
    }
    written = []
    for position, section in enumerate(SECTIONS, start=1):
        stored = existing.get(section.key) or InputSection(
            organization_id=review.organization_id, review=review, key=section.key
        )
        stored.title = section.title
        stored.clause = section.clause
        stored.position = position
        stored.compiled_at = now
        if section.builder is None:
            stored.figures, stored.links = [], []
            stored.note = section.manual_note
            stored.no_data = not stored.manual_text.strip()
        else:
            data = section.builder(organization, review.period_start, review.period_end)
            stored.figures = data.figures
            stored.links = data.rows
            stored.note = (
                "\n".join(x for x in (data.note, section.manual_note) if x) or section.manual_note
            )
            stored.no_data = data.no_data
            if data.series:
                stored.figures = [*data.figures, {"series": data.series}]
        stored.full_clean(exclude=["review", "organization"])
        stored.save()
        written.append(stored)
    ManagementReview.objects.for_organization(review.organization_id).filter(pk=review.pk).update(
        compiled_at=now
    )
    review.compiled_at = now
    return written


@transaction.atomic
def pack_compile(*, actor: User, review: ManagementReview) -> ManagementReview:
    """Compile the pack: the first time through the workflow (planned → pack compiled),
    later again (recompile) until the minutes are approved. Each compile is audited."""
    current: ManagementReview = ManagementReview.objects.for_organization(
        review.organization_id
    ).get(pk=review.pk)
    if current.status == ReviewStatus.PLANNED:
        compiled: ManagementReview = model_transition(
            actor=actor, instance=current, transition="compile"
        )
        return compiled
    locked = _locked_open(current, version=None)
    from qms.core.permissions import has_object_perm

    if not has_object_perm(actor, locked, "compile", organization=locked.organization_id):
        raise Conflict("Your role does not allow you to compile this review's pack.")
    sections = write_sections(review=locked)
    record_event(
        actor=actor,
        event_type=events.PACK_COMPILED,
        subject=locked,
        data={
            "recompiled": True,
            "period": [locked.period_start.isoformat(), locked.period_end.isoformat()],
            "sections": [s.key for s in sections],
        },
    )
    return locked


@transaction.atomic
def section_text_update(*, actor: User, section: InputSection, text: str) -> InputSection:
    """The management's own text of a section (the manual sections, or a comment)."""
    _locked_open(section.review, version=None)
    result, changed = model_update(
        actor=actor,
        instance=section,
        data={"manual_text": text or ""},
        fields=("manual_text",),
        event_type=events.SECTION_UPDATED,
    )
    from .sections import section_for

    definition = section_for(result.key)
    if changed and definition is not None and definition.builder is None:
        InputSection.objects.for_organization(result.organization_id).filter(pk=result.pk).update(
            no_data=not result.manual_text.strip()
        )
        result.no_data = not result.manual_text.strip()
    return result


@transaction.atomic
def attendance_add(*, actor: User, review: ManagementReview, data: Mapping[str, Any]) -> Attendance:
    locked = _locked_open(review, version=None)
    values = dict(data)
    user = values.get("user")
    if user is not None:
        check_member(organization_id=review.organization_id, user=user, field="user")
        if (
            Attendance.objects.for_organization(locked.organization_id)
            .filter(review=locked, user=user)
            .exists()
        ):
            raise ValidationError({"user": "This person is on the attendance list already."})
    values["review"] = locked
    values["name"] = (values.get("name") or "").strip()
    return model_create(
        actor=actor,
        model=Attendance,
        organization=locked.organization,
        data=values,
        fields=(*ATTENDANCE.fields, "review"),
        event_type=events.ATTENDANCE_RECORDED,
    )


@transaction.atomic
def attendance_update(
    *, actor: User, attendance: Attendance, data: Mapping[str, Any]
) -> Attendance:
    _locked_open(attendance.review, version=None)
    result, _changed = model_update(
        actor=actor,
        instance=attendance,
        data=data,
        fields=("role", "status"),
        event_type=events.ATTENDANCE_CHANGED,
    )
    return result


@transaction.atomic
def output_create(*, actor: User, review: ManagementReview, data: Mapping[str, Any]) -> Output:
    """A decision of the review (§9.3.3) and its action in the shared tracker (origin: the
    review; improvement decisions are improvement actions)."""
    from qms.actions.choices import ActionKind
    from qms.actions.services import action_create

    from .choices import OutputKind

    locked = _locked_open(review, version=None)
    if locked.status == ReviewStatus.PLANNED:
        raise Conflict("Compile the pack first: decisions are taken on the inputs.")
    values = dict(data)
    kind = values.get("kind")
    if kind not in OutputKind.values:
        raise ValidationError({"kind": "Choose improvement, QMS change or resource need."})
    decision = (values.get("decision") or "").strip()
    if not decision:
        raise ValidationError({"decision": "Write down the decision."})
    title = (values.get("title") or "").strip() or decision.splitlines()[0][:200]
    try:
        action = action_create(
            actor=actor,
            organization=locked.organization,
            data={
                "title": title[:200],
                "description": decision,
                "owner": values.get("owner"),
                "due_date": values.get("due_date"),
            },
            origin=locked,
            kind=ActionKind.IMPROVEMENT if kind == OutputKind.IMPROVEMENT else ActionKind.ACTION,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "description" in error.error_dict:
            raise ValidationError({"decision": error.error_dict["description"]}) from None
        raise
    return model_create(
        actor=actor,
        model=Output,
        organization=locked.organization,
        data={"review": locked, "kind": kind, "decision": decision, "action": action},
        fields=("review", "kind", "decision", "action"),
        event_type=events.OUTPUT_RECORDED,
    )
