"""Services of the context: one transaction each, an audit event per write, refusals that
write nothing; review, retirement and reinstatement through the workflow; the signed
climate decision; the one scope per organization."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD, UserFactory
from qms.context import rules, services
from qms.context.models import ClimateDecision, QmsScope
from qms.context.selectors import (
    interested_party_choices,
    issue_choices,
    latest_climate_decision,
)
from qms.core.audit import AuditEvent
from qms.core.dates import add_months
from qms.core.errors import Conflict, TransitionRefused
from qms.core.signatures import SignatureStatus, signatures_of
from qms.core.workflow import model_transition
from qms.organizations.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def _events(obj: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def test_an_issue_gets_its_next_review_from_the_interval_and_an_event(make_issue: Any) -> None:
    issue = make_issue(last_reviewed_on=dt.date(2026, 1, 31), review_interval_months=1)
    assert issue.next_review_on == dt.date(2026, 2, 28)
    assert _events(issue) == ["context.issue_created"]
    fresh = make_issue(title="Another")
    assert fresh.next_review_on == add_months(timezone.localdate(), 12)


def test_an_issue_owner_must_be_a_member_and_unknown_fields_are_refused(
    make_issue: Any, organization: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_issue(owner=UserFactory(email="outside@example.test"))
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_issue(status="retired")
    assert "status" in error.value.message_dict
    assert not issue_choices(organization=organization).exists()


def test_a_review_moves_the_dates_and_keeps_the_note(make_issue: Any, quality_manager: Any) -> None:
    issue = make_issue(last_reviewed_on=dt.date(2024, 1, 1), review_interval_months=6)
    reviewed = model_transition(
        actor=quality_manager, instance=issue, transition="review", reason="Still holds."
    )
    today = timezone.localdate()
    assert reviewed.status == "current"
    assert reviewed.last_reviewed_on == today
    assert reviewed.next_review_on == add_months(today, 6)
    event = AuditEvent.objects.filter(event_type="context.issue_reviewed").get()
    assert event.data["reason"] == "Still holds."
    with pytest.raises(TransitionRefused):
        model_transition(actor=quality_manager, instance=reviewed, transition="review")


def test_retire_needs_a_reason_and_reinstate_brings_it_back(
    make_party: Any, quality_manager: Any, organization: Any
) -> None:
    party = make_party()
    assert list(interested_party_choices(organization=organization)) == [party]
    with pytest.raises(TransitionRefused):
        model_transition(actor=quality_manager, instance=party, transition="retire")
    retired = model_transition(
        actor=quality_manager, instance=party, transition="retire", reason="Sold the business."
    )
    assert retired.status == "retired"
    assert retired.retired_reason == "Sold the business."
    assert retired.retired_on == timezone.localdate()
    assert not interested_party_choices(organization=organization).exists()
    with pytest.raises(Conflict):
        services.requirement_create(
            actor=quality_manager, party=retired, data={"requirement": "Anything"}
        )
    back = model_transition(
        actor=quality_manager, instance=retired, transition="reinstate", reason="Bought back."
    )
    assert back.status == "current" and back.retired_reason == ""


def test_an_employee_may_not_review(make_issue: Any, employee: Any) -> None:
    issue = make_issue()
    with pytest.raises(TransitionRefused):
        model_transition(actor=employee, instance=issue, transition="review", reason="x")


def test_requirements_belong_to_their_party(make_party: Any, quality_manager: Any) -> None:
    party = make_party()
    requirement = services.requirement_create(
        actor=quality_manager,
        party=party,
        data={"requirement": "Certificates with every delivery", "climate_related": False},
    )
    assert requirement.organization_id == party.organization_id
    assert _events(requirement) == ["context.requirement_created"]
    updated = services.requirement_update(
        actor=quality_manager, instance=requirement, data={"status": "met"}
    )
    assert updated.status == "met"
    with pytest.raises(ValidationError):
        services.requirement_update(
            actor=quality_manager, instance=requirement, data={"party": party}
        )


def test_the_climate_decision_is_signed_and_kept(organization: Any, quality_manager: Any) -> None:
    with pytest.raises(TransitionRefused):
        services.climate_decide(
            actor=quality_manager,
            organization=organization,
            data={"relevant": True, "rationale": "Heat at the works."},
            password="wrong",
        )
    assert not ClimateDecision.objects.for_organization(organization).exists()
    with pytest.raises(ValidationError) as error:
        services.climate_decide(
            actor=quality_manager,
            organization=organization,
            data={"relevant": True, "rationale": "  "},
            password=PASSWORD,
        )
    assert "rationale" in error.value.message_dict

    first = services.climate_decide(
        actor=quality_manager,
        organization=organization,
        data={"relevant": False, "rationale": "Offices only."},
        password=PASSWORD,
    )
    second = services.climate_decide(
        actor=quality_manager,
        organization=organization,
        data={"relevant": True, "rationale": "We opened a works with furnaces."},
        password=PASSWORD,
    )
    assert ClimateDecision.objects.for_organization(organization).count() == 2
    assert latest_climate_decision(organization=organization) == second
    stored = ClimateDecision.objects.for_organization(organization).get(pk=first.pk)
    assert stored.signature_id is not None
    assert [s for _sig, s in signatures_of(subject=stored)] == [SignatureStatus.VALID]
    assert _events(second) == ["context.climate_decided"]


def test_one_scope_per_organization_with_its_own_sites(
    organization: Any, other_organization: Any, quality_manager: Any
) -> None:
    ours = SiteFactory(organization=organization)
    theirs = SiteFactory(organization=other_organization)
    with pytest.raises(ValidationError) as error:
        services.scope_create(
            actor=quality_manager,
            organization=organization,
            data={"statement": "Gauges.", "sites": [theirs]},
        )
    assert "sites" in error.value.message_dict
    assert not QmsScope.objects.for_organization(organization).exists()
    scope = services.scope_create(
        actor=quality_manager,
        organization=organization,
        data={"statement": "Gauges.", "sites": [ours]},
    )
    assert list(scope.sites.all()) == [ours]
    with pytest.raises(Conflict):
        services.scope_create(
            actor=quality_manager, organization=organization, data={"statement": "Again"}
        )
    changed = services.scope_update(
        actor=quality_manager, instance=scope, data={"statement": "Gauges and calibration."}
    )
    assert changed.statement == "Gauges and calibration."
    assert _events(scope) == ["context.scope_created", "context.scope_updated"]


def test_review_rules() -> None:
    today = dt.date(2026, 11, 28)
    assert rules.review_due(next_review_on=today, today=today)
    assert rules.review_due(
        next_review_on=today + dt.timedelta(days=14), today=today, within_days=14
    )
    assert not rules.review_due(
        next_review_on=today + dt.timedelta(days=15), today=today, within_days=14
    )
    assert not rules.review_due(next_review_on=None, today=today)
    assert rules.open_draft_problem(draft_revision_label=None) is None
    assert "Revision 2" in (rules.open_draft_problem(draft_revision_label="2") or "")
