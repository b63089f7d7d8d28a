"""Adoption, applicability and evidence links: rules, permissions and the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from qms.accounts.models import User
from qms.core.audit import AuditEvent
from qms.organizations.models import Organization
from qms.organizations.tests.factories import ProcessFactory, SiteFactory
from qms.standards import services
from qms.standards.models import ClauseApplicability, ClauseEvidence, OrganizationStandard
from qms.standards.selectors import clause_choices, clauses_for_subject, clauses_for_subjects

from .conftest import E2015, I2022, Q2015, adopt, clause, edition

pytestmark = pytest.mark.django_db


def _events(name: str) -> int:
    return AuditEvent.objects.filter(event_type=name).count()


def test_adopting_an_edition_is_audited_and_once_per_edition(
    library: None, organization: Organization, quality_manager: User
) -> None:
    adopted = services.organization_standard_adopt(
        actor=quality_manager,
        organization=organization,
        data={"edition": edition(Q2015), "scope": "Gauges."},
    )
    assert _events("standard.adopted") == 1
    with pytest.raises(ValidationError) as error:
        services.organization_standard_adopt(
            actor=quality_manager, organization=organization, data={"edition": edition(Q2015)}
        )
    assert "already adopted" in str(error.value)
    services.organization_standard_update(
        actor=quality_manager, instance=adopted, data={"scope": "Gauges and calibration."}
    )
    services.organization_standard_remove(actor=quality_manager, instance=adopted)
    assert not OrganizationStandard.objects.for_organization(organization).exists()
    assert _events("standard.adoption_updated") == _events("standard.removed") == 1


def test_a_clause_that_cannot_be_excluded_is_refused_with_a_clear_message(
    iso9001: Any, organization: Organization, quality_manager: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.clause_applicability_set(
            actor=quality_manager,
            organization=organization,
            clause=clause(Q2015, "7.5.1"),
            applicable=False,
            justification="We keep no documents.",
        )
    assert "7.5.1 cannot be declared not applicable" in error.value.message_dict["applicable"][0]
    assert not ClauseApplicability.objects.for_organization(organization).exists()


def test_excluding_needs_a_justification_and_is_audited(
    iso9001: Any, organization: Organization, quality_manager: User
) -> None:
    design = clause(Q2015, "8.3")
    with pytest.raises(ValidationError) as error:
        services.clause_applicability_set(
            actor=quality_manager,
            organization=organization,
            clause=design,
            applicable=False,
            justification="  ",
        )
    assert "justification" in error.value.message_dict
    row = services.clause_applicability_set(
        actor=quality_manager,
        organization=organization,
        clause=design,
        applicable=False,
        justification="We make to customers' drawings.",
    )
    assert row is not None and row.applicable is False
    services.clause_applicability_set(
        actor=quality_manager,
        organization=organization,
        clause=design,
        applicable=False,
        justification="Castings only to customers' designs.",
    )
    assert (
        services.clause_applicability_set(
            actor=quality_manager, organization=organization, clause=design, applicable=True
        )
        is None
    )
    assert _events("clause.excluded") == 1
    assert _events("clause.exclusion_updated") == 1
    assert _events("clause.included") == 1


def test_applicability_of_an_edition_not_adopted_is_refused(
    library: None, organization: Organization, quality_manager: User
) -> None:
    with pytest.raises(ValidationError, match="Adopt this clause"):
        services.clause_applicability_set(
            actor=quality_manager,
            organization=organization,
            clause=clause(Q2015, "8.3"),
            applicable=False,
            justification="x",
        )


def test_evidence_link_review_and_unlink_are_audited(
    iso9001: Any, organization: Organization, quality_manager: User, auditor: User
) -> None:
    process = ProcessFactory(organization=organization)
    evidence = services.evidence_link(
        actor=quality_manager,
        subject=process,
        clause=clause(Q2015, "7.5.1"),
        note="Process map",
        organization=organization,
    )
    assert evidence.created_by == quality_manager
    assert evidence.organization_id == organization.pk
    assert clauses_for_subject(subject=process) == [clause(Q2015, "7.5.1")]
    reviewed = services.evidence_review(actor=auditor, evidence=evidence)
    assert reviewed.reviewed_by == auditor and reviewed.reviewed_at is not None
    services.evidence_unlink(actor=quality_manager, evidence=reviewed)
    assert clauses_for_subject(subject=process) == []
    linked = AuditEvent.objects.get(event_type="evidence.linked")
    assert linked.actor == quality_manager and linked.organization_id == organization.pk
    assert _events("evidence.reviewed") == _events("evidence.unlinked") == 1


def test_linking_twice_is_refused(
    iso9001: Any, organization: Organization, quality_manager: User
) -> None:
    site = SiteFactory(organization=organization)
    services.evidence_link(actor=quality_manager, subject=site, clause=clause(Q2015, "7.1.3"))
    with pytest.raises(ValidationError, match="already linked"):
        services.evidence_link(actor=quality_manager, subject=site, clause=clause(Q2015, "7.1.3"))


def test_evidence_set_makes_the_links_exactly_the_given_clauses(
    library: None, organization: Organization, quality_manager: User
) -> None:
    adopt(organization, Q2015)
    adopt(organization, E2015)
    process = ProcessFactory(organization=organization)
    first = [clause(Q2015, "7.5.1"), clause(Q2015, "8.1"), clause(E2015, "8.1")]
    services.evidence_set(actor=quality_manager, subject=process, clauses=first)
    assert {c.pk for c in clauses_for_subject(subject=process)} == {c.pk for c in first}
    second = [clause(Q2015, "8.1"), clause(Q2015, "9.1.1")]
    services.evidence_set(actor=quality_manager, subject=process, clauses=second)
    assert [c.number for c in clauses_for_subject(subject=process)] == ["8.1", "9.1.1"]
    assert _events("evidence.linked") == 4
    assert _events("evidence.unlinked") == 2
    assert (
        AuditEvent.objects.filter(event_type="evidence.linked", actor=quality_manager).count() == 4
    )


def test_linking_needs_the_right_to_change_the_subject(
    iso9001: Any, organization: Organization, viewer: User, employee: User
) -> None:
    process = ProcessFactory(organization=organization)
    for user in (viewer, employee):
        with pytest.raises(PermissionDenied):
            services.evidence_link(actor=user, subject=process, clause=clause(Q2015, "8.1"))
    assert not ClauseEvidence.objects.for_organization(organization).exists()


def test_a_process_owner_links_evidence_to_the_processes_they_own_only(
    iso9001: Any, organization: Organization, process_owner: User
) -> None:
    own = ProcessFactory(organization=organization, owner=process_owner)
    other = ProcessFactory(organization=organization)
    services.evidence_link(actor=process_owner, subject=own, clause=clause(Q2015, "8.1"))
    with pytest.raises(PermissionDenied):
        services.evidence_link(actor=process_owner, subject=other, clause=clause(Q2015, "8.1"))


def test_a_subject_of_another_organization_is_not_found(
    iso9001: Any,
    organization: Organization,
    other_organization: Organization,
    quality_manager: User,
    outsider: User,
) -> None:
    theirs = ProcessFactory(organization=other_organization)
    with pytest.raises(Http404):
        services.evidence_link(
            actor=quality_manager,
            subject=theirs,
            clause=clause(Q2015, "8.1"),
            organization=organization,
        )
    # Acting in their own organization, they still cannot use a standard they did not adopt.
    with pytest.raises(ValidationError, match="Adopt"):
        services.evidence_link(actor=outsider, subject=theirs, clause=clause(Q2015, "8.1"))
    # And a member of our organization only has no right on theirs.
    with pytest.raises(PermissionDenied):
        services.evidence_link(actor=quality_manager, subject=theirs, clause=clause(Q2015, "8.1"))


def test_reviewing_is_for_managers_and_auditors(
    iso9001: Any, organization: Organization, quality_manager: User, process_owner: User
) -> None:
    site = SiteFactory(organization=organization)
    evidence = services.evidence_link(
        actor=quality_manager, subject=site, clause=clause(Q2015, "7.1.3")
    )
    with pytest.raises(PermissionDenied):
        services.evidence_review(actor=process_owner, evidence=evidence)


def test_clauses_for_subjects_reads_a_page_in_one_query(
    iso9001: Any,
    organization: Organization,
    quality_manager: User,
    django_assert_num_queries: Any,
) -> None:
    processes = [ProcessFactory(organization=organization) for _ in range(5)]
    for process in processes[:3]:
        services.evidence_set(
            actor=quality_manager,
            subject=process,
            clauses=[clause(Q2015, "8.1"), clause(Q2015, "4.4")],
        )
    clause(Q2015, "8.1")  # warm the content-type cache the way a page would
    with django_assert_num_queries(1):
        found = clauses_for_subjects(subjects=processes)
    assert [c.number for c in found[processes[0].pk]] == ["4.4", "8.1"]
    assert found[processes[4].pk] == []
    assert clauses_for_subjects(subjects=[]) == {}


def test_clause_choices_are_the_clauses_of_adopted_editions_in_order(
    library: None, organization: Organization
) -> None:
    assert not clause_choices(organization=organization).exists()
    adopt(organization, I2022)
    adopt(organization, Q2015)
    choices = list(clause_choices(organization=organization))
    assert choices[0].edition.standard.code == "ISO 9001"
    assert [c.number for c in choices[:3]] == ["4", "4.1", "4.2"]
    assert len(choices) == 91 + 41 + 93 + 4
