"""Checklist generation and answers (services): clause order, idempotence, follow-up audits,
guards, findings and the nonconformities they create, optimistic concurrency."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.internal_audits.checklists import checklist_answer, checklist_generate, criteria_leaves
from qms.internal_audits.models import Audit, ChecklistItem, Finding
from qms.internal_audits.questions import QUESTIONS, questions_for
from qms.nonconformities.models import Nonconformity
from qms.standards.models import Clause, ClauseApplicability
from qms.standards.selectors import clauses_for_subject

from . import test_checklist_fixtures as fx
from .test_checklist_fixtures import clause, make_audit, today

# The shared fixtures (a conftest of this directory is not ours to write).
library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db


def _items(audit: Audit) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(audit=audit).select_related("clause").order_by("position")
    )


# --- Question bank ------------------------------------------------------------------------------


def test_every_leaf_requirement_clause_4_to_10_of_iso_9001_has_one_to_three_questions(
    library: None,
) -> None:
    leaves = [
        c
        for c in Clause.objects.filter(
            edition__urn="urn:qms:iso:9001:2015", is_requirement=True
        ).select_related("edition__standard", "hs_core_ref")
        if not c.children.exists() and c.number.split(".")[0] in {str(n) for n in range(4, 11)}
    ]
    assert len(leaves) > 60
    for leaf in leaves:
        assert leaf.number in QUESTIONS, leaf.number
        assert 1 <= len(QUESTIONS[leaf.number]) <= 3, leaf.number
        assert questions_for(leaf) == QUESTIONS[leaf.number]


def test_a_harmonized_structure_clause_of_another_standard_reuses_the_questions(
    library: None,
) -> None:
    other = (
        Clause.objects.select_related("edition__standard", "hs_core_ref")
        .filter(edition__urn="urn:qms:iso:14001:2015", hs_core_ref__code="HS.9.3")
        .first()
    )
    assert other is not None
    assert questions_for(other) == QUESTIONS["9.3"]


# --- Generate -----------------------------------------------------------------------------------


def test_generation_makes_one_item_per_leaf_clause_and_question_in_clause_order(
    audit: Audit,
) -> None:
    items = _items(audit)
    numbers = [item.clause.number for item in items]
    assert sorted(set(numbers)) == ["7.1.5.1", "7.1.5.2", "9.2.1", "9.2.2"]
    expected = sum(len(QUESTIONS[n]) for n in ("7.1.5.1", "7.1.5.2", "9.2.1", "9.2.2"))
    assert len(items) == expected
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])
    assert [item.question for item in items[:2]] == list(QUESTIONS["7.1.5.1"])
    assert items[0].guidance == clause("7.1.5.1").guidance
    assert all(item.answer == "" for item in items)
    assert AuditEvent.objects.filter(
        event_type="audit_checklist.generated", subject_id=str(audit.pk)
    ).exists()


def test_generating_again_adds_new_clauses_and_keeps_answers(
    audit: Audit, auditor: Any, quality_manager: Any
) -> None:
    first = _items(audit)[0]
    checklist_answer(actor=auditor, item=first, answer="conform", notes="Certificate seen.")
    assert checklist_generate(actor=auditor, audit=audit) == 0
    audit.clauses.add(clause("4.1"))
    added = checklist_generate(actor=auditor, audit=audit)
    assert added == len(QUESTIONS["4.1"])
    items = _items(audit)
    assert items[0].clause.number == "4.1"  # clause order, whatever the order of choosing
    kept = ChecklistItem.objects.get(pk=first.pk)
    assert kept.answer == "conform"
    assert kept.notes == "Certificate seen."


def test_criteria_leaves_skip_parents_and_keep_a_chosen_leaf(audit: Audit) -> None:
    audit.clauses.set([clause("8.5"), clause("8.6")])
    numbers = [c.number for c in criteria_leaves(audit)]
    assert numbers == ["8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6", "8.6"]


def test_clauses_declared_not_applicable_are_left_out(audit: Audit, organization: Any) -> None:
    with allow_unaudited_writes():
        ClauseApplicability.objects.create(
            organization=organization, clause=clause("8.3"), justification="No design here."
        )
    audit.clauses.set([clause("8")])
    numbers = [c.number for c in criteria_leaves(audit)]
    assert "8.2.1" in numbers and "8.4.1" in numbers
    assert not [n for n in numbers if n.startswith("8.3")]


def test_a_follow_up_audit_shows_the_earlier_answers_beside_blank_ones(
    audit: Audit, auditor: Any, quality_manager: Any, organization: Any, process: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(
        actor=auditor, item=item, answer="minor", notes="Gauge G-12 past its due date."
    )
    follow = make_audit(
        organization=organization,
        actor=quality_manager,
        lead=auditor,
        process=process,
        previous=audit,
        start=False,
    )
    again = _items(follow)
    assert len(again) == len(_items(audit))
    first = again[0]
    assert first.question == item.question
    assert first.answer == ""
    assert first.previous_answer == "minor"
    assert first.previous_notes == "Gauge G-12 past its due date."


# --- Answer: guards -----------------------------------------------------------------------------


def test_answering_a_planned_audit_is_refused_start_it_first(
    iso9001: None, organization: Any, quality_manager: Any, auditor: Any, process: Any
) -> None:
    planned = make_audit(
        organization=organization, actor=quality_manager, lead=auditor, process=process, start=False
    )
    item = _items(planned)[0]
    with pytest.raises(Conflict, match="start the audit first"):
        checklist_answer(actor=auditor, item=item, answer="conform")
    assert ChecklistItem.objects.get(pk=item.pk).answer == ""


def test_someone_outside_the_audit_team_may_not_answer(audit: Audit, quality_manager: Any) -> None:
    item = _items(audit)[0]
    with pytest.raises(PermissionDenied, match="audit team"):
        checklist_answer(actor=quality_manager, item=item, answer="conform")


@pytest.mark.parametrize("value", ["yes", "MINOR", "nonconform"])
def test_an_unknown_answer_is_a_field_error(audit: Audit, auditor: Any, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        checklist_answer(actor=auditor, item=_items(audit)[0], answer=value)
    assert "answer" in caught.value.message_dict


def test_a_graded_answer_needs_notes_for_the_statement(audit: Audit, auditor: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        checklist_answer(actor=auditor, item=_items(audit)[0], answer="observation", notes="  ")
    assert "notes" in caught.value.message_dict
    assert not Finding.objects.exists()


# --- Answer: records ----------------------------------------------------------------------------


def test_a_conform_answer_is_saved_with_who_and_when_and_audited(
    audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    saved = checklist_answer(
        actor=auditor,
        item=item,
        answer="conform",
        notes="OK",
        evidence_notes="Cert 2291",
        version=item.version,
    )
    assert saved.answer == "conform"
    assert saved.answered_by == auditor
    assert saved.answered_at is not None
    assert saved.version == item.version + 1
    event = AuditEvent.objects.filter(
        event_type="audit_checklist.answered", subject_id=str(item.pk)
    ).get()
    assert event.after["answer"] == "conform"
    assert not Finding.objects.exists()


def test_a_minor_answer_raises_a_finding_and_a_nonconformity_with_the_clause(
    audit: Audit, auditor: Any, process_owner: Any, process: Any
) -> None:
    item = _items(audit)[2]  # 7.1.5.2
    checklist_answer(
        actor=auditor,
        item=item,
        answer="minor",
        notes="Gauge G-12 used in production 3 weeks past its calibration due date.",
        evidence_notes="Calibration label of G-12; recall list 2026-03.",
    )
    finding = Finding.objects.select_related("nonconformity", "clause").get(checklist_item=item)
    assert finding.number == "F-01"
    assert finding.grade == "minor"
    assert finding.clause.number == "7.1.5.2"
    assert finding.statement.startswith("Gauge G-12")
    assert finding.evidence == "Calibration label of G-12; recall list 2026-03."
    nc = finding.nonconformity
    assert nc is not None
    assert nc.source == "internal_audit"
    assert nc.severity == "minor"
    assert nc.detected_on == today()
    assert nc.owner == process_owner
    assert nc.process == process
    assert audit.number in nc.title and "7.1.5.2" in nc.title
    assert "Gauge G-12" in nc.description
    assert [c.number for c in clauses_for_subject(subject=nc)] == ["7.1.5.2"]
    assert AuditEvent.objects.filter(event_type="audit_finding.nonconformity_raised").exists()


def test_regrading_minor_to_major_carries_the_severity_to_the_open_record(
    audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="minor", notes="No list of instruments.")
    checklist_answer(actor=auditor, item=item, answer="major", notes="No list of instruments.")
    finding = Finding.objects.get(checklist_item=item)
    assert finding.grade == "major"
    assert Nonconformity.objects.get(pk=finding.nonconformity_id).severity == "major"
    assert Nonconformity.objects.count() == 1


def test_an_observation_has_no_nonconformity_and_is_withdrawn_when_back_to_conform(
    audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="observation", notes="Labels fading.")
    finding = Finding.objects.get(checklist_item=item)
    assert finding.nonconformity_id is None
    assert not Nonconformity.objects.exists()
    checklist_answer(actor=auditor, item=item, answer="conform", notes="Labels fading.")
    kept = Finding.objects.get(checklist_item=item)  # withdrawn, never deleted
    assert kept.pk == finding.pk and kept.status == "withdrawn"
    assert AuditEvent.objects.filter(
        event_type="audit_finding.withdrawn", subject_id=str(finding.pk)
    ).exists()


def test_going_back_to_conform_is_refused_once_the_nonconformity_exists(
    audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    checklist_answer(actor=auditor, item=item, answer="minor", notes="No list.")
    nc = Finding.objects.get(checklist_item=item).nonconformity
    assert nc is not None
    nc_number = nc.number
    for answer in ("conform", "observation"):
        with pytest.raises(Conflict, match=nc_number):
            checklist_answer(actor=auditor, item=item, answer=answer, notes="No list.")
    assert ChecklistItem.objects.get(pk=item.pk).answer == "minor"


def test_a_stale_version_is_refused_and_a_resend_of_the_same_answer_is_harmless(
    audit: Audit, auditor: Any
) -> None:
    item = _items(audit)[0]
    first = checklist_answer(
        actor=auditor, item=item, answer="conform", notes="Seen.", version=item.version
    )
    # the same answer again, based on the old version (the offline queue resending)
    again = checklist_answer(
        actor=auditor, item=item, answer="conform", notes="Seen.", version=item.version
    )
    assert again.version == first.version
    assert (
        AuditEvent.objects.filter(
            event_type="audit_checklist.answered", subject_id=str(item.pk)
        ).count()
        == 1
    )
    # a different answer based on the old version
    with pytest.raises(StaleVersion) as caught:
        checklist_answer(
            actor=auditor, item=item, answer="observation", notes="Other", version=item.version
        )
    assert "answer" in caught.value.changes
    assert ChecklistItem.objects.get(pk=item.pk).answer == "conform"


def test_a_reported_audit_checklist_is_no_longer_changed(audit: Audit, auditor: Any) -> None:
    Audit.objects.filter(pk=audit.pk).update(status="reported")
    with pytest.raises(Conflict, match="no longer"):
        checklist_answer(actor=auditor, item=_items(audit)[0], answer="conform")
    with pytest.raises(Conflict):
        checklist_generate(actor=auditor, audit=Audit.objects.get(pk=audit.pk))
