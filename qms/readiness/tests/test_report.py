"""The readiness report: clause states, the percentage, exclusions, every gap on and off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test.utils import override_settings

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.nonconformities.tests.factories import NonconformityFactory
from qms.objectives.tests.factories import QualityObjectiveFactory
from qms.organizations.tests.factories import ProcessFactory
from qms.readiness.choices import ClauseState, GapSeverity
from qms.readiness.selectors import readiness_report, register_evidence_state
from qms.readiness.selectors.states import registered_labels
from qms.risks.tests.factories import RiskFactory

from .records import effective_document, healthy

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def _report(organization: Any) -> Any:
    return readiness_report(organization=organization, today=TODAY)


def _state(report: Any, number: str) -> str:
    return next(line.state for line in report.lines if line.clause.number == number)


def _gap(report: Any, key: str) -> Any:
    return next((gap for gap in report.gaps if gap.key == key), None)


def test_only_leaf_requirement_clauses_are_lines(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    # given the small edition (parents 4, 5, ... with leaves 4.3, 4.4, ...)
    # when the report is computed
    report = _report(organization)
    # then each top-level clause groups its leaves, and nothing has evidence yet
    assert [line.clause.number for line in report.lines] == [
        "4.3",
        "4.4",
        "5.2",
        "6.2",
        "8.3",
        "9.2",
        "9.3",
        "10.2",
    ]
    assert [group.clause.number for group in report.editions[0].groups] == [
        "4",
        "5",
        "6",
        "8",
        "9",
        "10",
    ]
    assert {line.state for line in report.lines} == {ClauseState.NONE}
    assert report.percentage == 0.0


def test_a_clause_moves_from_none_to_draft_to_effective_to_reviewed(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    # given a draft document linked to 5.2
    document = effective_document(organization)
    draft = effective_document(organization)
    draft.current_revision = None
    draft.save(update_fields=["current_revision"])
    library.link(organization, "5.2", draft)
    # then 5.2 is draft: evidence, but none in force
    assert _state(_report(organization), "5.2") == ClauseState.DRAFT
    assert _state(_report(organization), "4.3") == ClauseState.NONE
    # when a document in force is linked too, the clause is effective
    link = library.link(organization, "5.2", document)
    assert _state(_report(organization), "5.2") == ClauseState.EFFECTIVE
    # when that link is reviewed, the clause is reviewed
    link.reviewed_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    link.save(update_fields=["reviewed_at"])
    assert _state(_report(organization), "5.2") == ClauseState.REVIEWED


def test_a_reviewed_link_to_a_draft_record_is_still_draft(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    risk = RiskFactory(organization=organization)  # identified, not approved
    library.link(organization, "6.2", risk, reviewed=True)
    assert _state(_report(organization), "6.2") == ClauseState.DRAFT


@pytest.mark.parametrize(
    ("factory", "values", "state"),
    [
        (RiskFactory, {"status": "approved"}, ClauseState.EFFECTIVE),
        (RiskFactory, {"status": "assessed"}, ClauseState.DRAFT),
        (QualityObjectiveFactory, {"status": "active"}, ClauseState.EFFECTIVE),
        (QualityObjectiveFactory, {"status": "draft"}, ClauseState.DRAFT),
        (ProcessFactory, {"status": "active"}, ClauseState.EFFECTIVE),
        (ProcessFactory, {"status": "draft"}, ClauseState.DRAFT),
        (NonconformityFactory, {}, ClauseState.EFFECTIVE),
    ],
)
def test_each_record_type_says_whether_it_is_in_force(
    organization: Any,
    library: Any,
    no_audits: Any,
    reviews: Any,
    factory: Any,
    values: dict[str, Any],
    state: str,
) -> None:
    record = factory(organization=organization, **values)
    library.link(organization, "6.2", record)
    assert _state(_report(organization), "6.2") == state


def test_the_registry_has_the_existing_record_types_and_takes_new_ones(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    labels = registered_labels()
    for label in (
        "documents.document",
        "risks.risk",
        "objectives.qualityobjective",
        "nonconformities.nonconformity",
        "organizations.process",
        "internal_audits.audit",
    ):
        assert label in labels
    # a record type without an entry counts as in force; a module may register one
    from qms.organizations.tests.factories import SiteFactory

    site = SiteFactory(organization=organization)
    library.link(organization, "4.3", site)
    assert _state(_report(organization), "4.3") == ClauseState.EFFECTIVE
    register_evidence_state(
        "organizations.site", lambda qs: dict.fromkeys(qs.values_list("pk", flat=True), "draft")
    )
    try:
        assert _state(_report(organization), "4.3") == ClauseState.DRAFT
    finally:
        from qms.readiness.selectors import states

        states._REGISTRY.pop("organizations.site")


def test_excluded_clauses_show_their_justification_and_leave_the_percentage(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    # given 8 (and so 8.3) declared not applicable, and 2 of the 7 others in force
    library.exclude(organization, "8", "We do not design products.")
    library.link(organization, "4.3", effective_document(organization))
    library.link(organization, "5.2", effective_document(organization))
    report = _report(organization)
    line = next(line for line in report.lines if line.clause.number == "8.3")
    assert line.state == ClauseState.EXCLUDED
    assert line.justification == "We do not design products."
    # then the percentage is ready ÷ applicable = 2 ÷ 7
    assert report.applicable == 7
    assert report.ready == 2
    assert report.excluded == 1
    assert report.percentage == round(100 * 2 / 7, 1)


def test_draft_evidence_does_not_count_in_the_percentage(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    library.link(organization, "6.2", RiskFactory(organization=organization))
    library.link(organization, "4.3", RiskFactory(organization=organization, status="approved"))
    report = _report(organization)
    assert report.ready == 1
    assert report.percentage == round(100 / 8, 1)
    assert {line.clause.number for line in report.lacking} == {
        "4.4",
        "5.2",
        "6.2",
        "8.3",
        "9.2",
        "9.3",
        "10.2",
    }


# --- Gaps, each on and off ---------------------------------------------------------------


def test_a_healthy_organization_has_no_gap(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    healthy(organization)
    for clause in library.clauses.values():
        no_audits[clause.pk] = dt.date(2026, 6, 1)
    reviews.append(_review(dt.date(2026, 3, 10)))
    assert _report(organization).gaps == []


def _review(day: dt.date) -> Any:
    from .conftest import Review

    return Review(day)


def test_clauses_not_covered_by_a_completed_internal_audit_are_listed(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    # given audits covering clause 4 (so 4.3 and 4.4) and 9.2, one of 5.2 too long ago
    no_audits[library.clauses["4"].pk] = dt.date(2026, 5, 1)
    no_audits[library.clauses["9.2"].pk] = dt.date(2026, 5, 1)
    no_audits[library.clauses["5.2"].pk] = dt.date(2024, 5, 1)
    report = _report(organization)
    gap = _gap(report, "audit_coverage")
    assert gap.severity == GapSeverity.BLOCKING
    assert gap.clause.number == "9.2"
    listed = [title.split(" ")[2] for title, _url in gap.items]
    assert listed == ["§5.2", "§6.2", "§8.3", "§9.3", "§10.2"]
    line = next(line for line in report.lines if line.clause.number == "4.4")
    assert line.audited_on == dt.date(2026, 5, 1)
    # when every clause is covered within the cycle, the gap goes
    for clause in library.clauses.values():
        no_audits[clause.pk] = dt.date(2026, 6, 1)
    assert _gap(_report(organization), "audit_coverage") is None


def test_management_review_within_the_configured_months(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    assert "No management review" in _gap(_report(organization), "management_review").message
    reviews.append(_review(dt.date(2025, 10, 1)))
    assert "more than 12 months ago" in _gap(_report(organization), "management_review").message
    reviews.append(_review(dt.date(2026, 2, 1)))
    assert _gap(_report(organization), "management_review") is None
    with override_settings(READINESS_REVIEW_MONTHS=6):
        assert _gap(_report(organization), "management_review") is not None


def test_quality_policy_needs_an_effective_revision(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    from qms.documents.tests.factories import DocumentFactory

    DocumentFactory(organization=organization, document_type="policy")  # no revision in force
    gap = _gap(_report(organization), "quality_policy")
    assert gap.severity == GapSeverity.BLOCKING
    assert gap.clause.number == "5.2"
    effective_document(organization, document_type="policy")
    assert _gap(_report(organization), "quality_policy") is None


def test_quality_objectives_in_force(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    QualityObjectiveFactory(organization=organization, status="draft")
    assert _gap(_report(organization), "quality_objectives").clause.number == "6.2"
    QualityObjectiveFactory(organization=organization, status="active")
    assert _gap(_report(organization), "quality_objectives") is None


def test_open_major_nonconformities(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    NonconformityFactory(organization=organization, severity="minor")
    NonconformityFactory(organization=organization, severity="major", status="closed")
    assert _gap(_report(organization), "open_major_ncs") is None
    major = NonconformityFactory(organization=organization, severity="major")
    gap = _gap(_report(organization), "open_major_ncs")
    assert gap.severity == GapSeverity.BLOCKING
    assert gap.items == [(str(major), major.get_absolute_url())]


def test_documents_overdue_for_review(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    document = effective_document(organization)
    document.next_review_on = dt.date(2026, 12, 31)
    document.save(update_fields=["next_review_on"])
    assert _gap(_report(organization), "documents_overdue") is None
    document.next_review_on = dt.date(2026, 10, 1)
    document.save(update_fields=["next_review_on"])
    gap = _gap(_report(organization), "documents_overdue")
    assert gap.severity == GapSeverity.CONCERN
    assert gap.items[0][1] == document.get_absolute_url()


def test_qms_scope_written(organization: Any, library: Any, no_audits: Any, reviews: Any) -> None:
    from qms.context.tests.factories import QmsScopeFactory

    assert _gap(_report(organization), "qms_scope").clause.number == "4.3"
    QmsScopeFactory(organization=organization)
    assert _gap(_report(organization), "qms_scope") is None


def test_processes_without_owner(
    organization: Any, library: Any, no_audits: Any, reviews: Any, quality_manager: Any
) -> None:
    process = ProcessFactory(organization=organization, owner=None)
    ProcessFactory(organization=organization, owner=None, status="retired")
    ProcessFactory(organization=organization, owner=quality_manager)
    gap = _gap(_report(organization), "process_owners")
    assert gap.items == [(str(process), process.get_absolute_url())]
    process.owner = quality_manager
    process.save(update_fields=["owner"])
    assert _gap(_report(organization), "process_owners") is None


def test_what_to_fix_orders_blocking_then_concerns_then_clauses(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    ProcessFactory(organization=organization, owner=None)
    to_fix = _report(organization).to_fix
    severities = [gap.severity for gap in to_fix]
    assert severities == sorted(
        severities, key=[GapSeverity.BLOCKING, GapSeverity.CONCERN, GapSeverity.EVIDENCE].index
    )
    assert to_fix[-1].severity == GapSeverity.EVIDENCE
    assert to_fix[-1].url == library.clauses["10.2"].get_absolute_url()


def test_no_standard_adopted_is_a_blocking_gap(
    other_organization: Any, no_audits: Any, reviews: Any
) -> None:
    report = _report(other_organization)
    assert _gap(report, "no_standard") is not None
    assert report.percentage == 0.0


def test_another_organizations_records_do_not_count(
    organization: Any, other_organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    healthy(other_organization)
    report = _report(organization)
    assert _gap(report, "quality_policy") is not None
    assert _gap(report, "qms_scope") is not None


def test_active_processes_need_a_completed_internal_audit_in_the_cycle(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    from qms.internal_audits.tests.factories import AuditFactory

    machining = ProcessFactory(organization=organization, status="active", name="Machining")
    sales = ProcessFactory(organization=organization, status="active", name="Sales")
    ProcessFactory(organization=organization, status="draft", name="Not yet in use")
    gap = _gap(_report(organization), "audit_processes")
    assert gap.severity == GapSeverity.BLOCKING
    assert [title for title, _url in gap.items] == [str(machining), str(sales)]
    # an audit still planned, or reported before the cycle, does not count
    planned = AuditFactory(organization=organization)
    with allow_unaudited_writes():
        planned.processes.set([machining])
    old = AuditFactory(
        organization=organization, status="reported", reported_on=dt.date(2025, 1, 9)
    )
    with allow_unaudited_writes():
        old.processes.set([sales])
    assert len(_gap(_report(organization), "audit_processes").items) == 2
    # a completed audit within the cycle does
    done = AuditFactory(organization=organization, status="closed", reported_on=dt.date(2026, 6, 3))
    with allow_unaudited_writes():
        done.processes.set([machining, sales])
    assert _gap(_report(organization), "audit_processes") is None


def test_clause_coverage_comes_from_the_internal_audits_module(
    organization: Any, library: Any, reviews: Any
) -> None:
    """No stub: a reported audit whose criteria include clause 4 covers 4.3 and 4.4."""
    from qms.internal_audits.tests.factories import AuditFactory

    audit = AuditFactory(
        organization=organization, status="reported", reported_on=dt.date(2026, 9, 1)
    )
    with allow_unaudited_writes():
        audit.clauses.set([library.clauses["4"], library.clauses["9.2"]])
    report = _report(organization)
    covered = {line.clause.number: line.audited_on for line in report.lines if line.audited_on}
    assert covered == {
        "4.3": dt.date(2026, 9, 1),
        "4.4": dt.date(2026, 9, 1),
        "9.2": dt.date(2026, 9, 1),
    }
    assert len(_gap(report, "audit_coverage").items) == 5


def test_evidence_of_a_harmonized_structure_equivalent_counts_but_is_not_reviewed_here(
    organization: Any, library: Any, no_audits: Any, reviews: Any
) -> None:
    """ISO 14001 §7.5 and ISO 9001 §7.5 share the harmonized-structure clause HS.7.5: a
    record linked to one evidences the other (standards' clause_tree), shown "via"."""
    from qms.standards.models import HsCoreClause
    from qms.standards.tests.factories import (
        ClauseFactory,
        EditionFactory,
        OrganizationStandardFactory,
        StandardFactory,
    )

    hs = HsCoreClause.objects.create(code="HS.9.3", title="Management review", sort_key="9.3")
    ours = library.clauses["9.3"]
    ours.hs_core_ref = hs
    ours.save(update_fields=["hs_core_ref"])
    other = EditionFactory(standard=StandardFactory(code="ISO 14001"), edition="2015")
    theirs = ClauseFactory(edition=other, number="9.3", title="Management review", hs_core_ref=hs)
    OrganizationStandardFactory(organization=organization, edition=other)
    library.clauses["14001-9.3"] = theirs
    library.link(organization, "14001-9.3", effective_document(organization), reviewed=True)
    report = _report(organization)
    line = next(
        line
        for edition in report.editions
        if edition.edition.pk == library.edition.pk
        for line in edition.lines
        if line.clause.number == "9.3"
    )
    assert line.state == ClauseState.EFFECTIVE  # reviewed only where linked directly
    assert line.evidence[0].via == "ISO 14001 §9.3"
    assert len(report.editions) == 2
