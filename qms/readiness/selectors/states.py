"""Is a linked record in force? A small registry: each record type that can be clause
evidence says, for a set of its records, which are in force ("effective") and which are not
yet ("draft"). Record types without an entry count as effective: a record that exists is
evidence. Later modules add theirs from their own `ready()`:

    from qms.readiness.selectors.states import register_evidence_state
    register_evidence_state("suppliers.supplier", lambda qs: {...})

Each function takes a queryset of the model (already limited to the organization and to the
linked records) and answers `{pk: "effective" | "draft"}` with ONE query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from ..choices import ClauseState

StateFn = Callable[[QuerySet[Any]], dict[int, str]]

_REGISTRY: dict[str, StateFn] = {}

EFFECTIVE = str(ClauseState.EFFECTIVE)
DRAFT = str(ClauseState.DRAFT)


def register_evidence_state(model_label: str, fn: StateFn) -> None:
    """Declare how a record type ("app_label.modelname") says whether a record is in force."""
    _REGISTRY[model_label.lower()] = fn


def registered_labels() -> list[str]:
    return sorted(_REGISTRY)


def by_status(effective: Iterable[str], field: str = "status") -> StateFn:
    """A state function for a model whose `field` holds one of the `effective` values."""
    values = frozenset(effective)

    def state(queryset: QuerySet[Any]) -> dict[int, str]:
        return {
            pk: EFFECTIVE if value in values else DRAFT
            for pk, value in queryset.values_list("pk", field)
        }

    return state


def _documents(queryset: QuerySet[Any]) -> dict[int, str]:
    from qms.documents.choices import DocumentStatus

    # In force: an active document with an approved, effective revision.
    return {
        pk: EFFECTIVE if status == DocumentStatus.ACTIVE and revision is not None else DRAFT
        for pk, status, revision in queryset.values_list("pk", "status", "current_revision_id")
    }


def register_defaults() -> None:
    """The record types of the modules that exist so far (called from ready()), each in force
    in the states its own app names (its choices), not in copies of them kept here."""
    from qms.internal_audits.choices import COMPLETED_STATES, ProgrammeStatus
    from qms.management_reviews.choices import HELD_STATES
    from qms.nonconformities.choices import NonconformityStatus
    from qms.objectives.choices import ObjectiveStatus
    from qms.organizations.choices import ProcessStatus
    from qms.risks.choices import RiskStatus
    from qms.surveys.choices import SurveyStatus

    register_evidence_state("documents.document", _documents)
    register_evidence_state("risks.risk", by_status({RiskStatus.APPROVED}))
    register_evidence_state(
        "objectives.qualityobjective",
        by_status({ObjectiveStatus.ACTIVE, ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED}),
    )
    # A nonconformity is a record of §10.2 from the moment it is reported (every state).
    register_evidence_state("nonconformities.nonconformity", by_status(NonconformityStatus.values))
    register_evidence_state("organizations.process", by_status({ProcessStatus.ACTIVE}))
    register_evidence_state("internal_audits.audit", by_status(COMPLETED_STATES))
    register_evidence_state("internal_audits.auditprogramme", by_status({ProgrammeStatus.APPROVED}))
    register_evidence_state("management_reviews.managementreview", by_status(HELD_STATES))
    # A survey is evidence of customer satisfaction once it has gone out.
    register_evidence_state("surveys.survey", by_status({SurveyStatus.OPEN, SurveyStatus.CLOSED}))


def record_states(
    organization: Any, subjects: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """{(content type id, object id): state} for the linked records: one query per record
    type that has a registered state function; unregistered types are effective."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for content_type_id, object_id in subjects:
        wanted[content_type_id].add(object_id)
    result: dict[tuple[int, int], str] = {}
    for content_type_id, ids in wanted.items():
        content_type = ContentType.objects.get_for_id(content_type_id)  # cached
        fn = _REGISTRY.get(f"{content_type.app_label}.{content_type.model}")
        model = content_type.model_class()
        if fn is None or model is None:
            result.update(((content_type_id, pk), EFFECTIVE) for pk in ids)
            continue
        manager: Any = model._default_manager
        queryset = (
            manager.for_organization(organization)
            if hasattr(manager, "for_organization")
            else manager.all()
        )
        states = fn(queryset.filter(pk__in=ids))
        result.update(((content_type_id, pk), states.get(pk, DRAFT)) for pk in ids)
    return result
