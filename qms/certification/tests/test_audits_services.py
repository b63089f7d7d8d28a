"""Services of a certification audit's work: the team's competence and independence checks,
the plan and its versions, the checklist, findings with their deadlines (domain spec
§3.3) and the conclusion rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.audits import rules, selectors, services
from qms.certification.models import AuditTeamMember, CertFinding
from qms.certification.tests.factories import ApplicationFactory
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict
from qms.core.testing.audit_guard import allow_unaudited_writes

from .factories_audits import AuditWorld, build_audit_world, decision_factory, qualify

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> AuditWorld:
    return build_audit_world(organization)


def _messages(error: ValidationError) -> str:
    return " ".join(m for messages in error.message_dict.values() for m in messages)


def _team(world: AuditWorld) -> None:
    services.team_member_add(
        actor=world.manager, audit=world.stage2, person=world.lead, role="lead_auditor"
    )
    services.team_member_add(
        actor=world.manager, audit=world.stage2, person=world.auditor, role="auditor"
    )


# --- Team --------------------------------------------------------------------------------


def test_a_qualified_team_is_added_and_the_audit_follows_its_members(world: AuditWorld) -> None:
    _team(world)
    services.team_member_add(
        actor=world.manager, audit=world.stage2, person=world.expert, role="technical_expert"
    )

    world.stage2.refresh_from_db()
    assert world.stage2.lead_auditor == world.lead
    assert set(world.stage2.team.all()) == {world.auditor, world.expert}
    assert (
        AuditEvent.objects.filter(event_type="certification.audit_team_member_added").count() == 3
    )


def test_an_unqualified_auditor_is_refused_naming_the_standard(world: AuditWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.unqualified, role="auditor"
        )
    assert "ISO 9001" in _messages(refused.value)
    assert not AuditTeamMember.objects.filter(person=world.unqualified).exists()


def test_a_qualification_expiring_during_the_audit_is_refused_with_the_date(
    world: AuditWorld,
) -> None:
    expiring = world.stage2.start_date
    other = world.auditor
    with allow_unaudited_writes():
        other_q = qualify(world.base, world.expert, "auditor", valid_until=expiring)
    assert other_q.valid_until == expiring
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.expert, role="auditor"
        )
    message = _messages(refused.value)
    assert "expired" in message and expiring.isoformat() in message
    assert other  # the qualified auditor is unaffected


def test_an_auditor_not_qualified_for_the_iaf_code_is_refused_naming_it(
    world: AuditWorld,
) -> None:
    qualify(world.base, world.expert, "auditor", codes=[world.other_code])
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.expert, role="auditor"
        )
    assert "IAF code 17" in _messages(refused.value)


def test_only_a_qualified_lead_auditor_leads(world: AuditWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.auditor, role="lead_auditor"
        )
    assert "not a lead auditor" in _messages(refused.value)


def test_a_second_lead_auditor_is_refused(world: AuditWorld) -> None:
    _team(world)
    qualify(world.base, world.expert, "lead_auditor")
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.expert, role="lead_auditor"
        )
    assert "lead auditor already" in _messages(refused.value)


def test_a_trainee_needs_a_qualification_in_training_and_keeps_code_warnings(
    world: AuditWorld,
) -> None:
    member = services.team_member_add(
        actor=world.manager, audit=world.stage2, person=world.trainee, role="trainee"
    )
    assert any("IAF code 17" in warning for warning in member.competence)
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.trainee, role="auditor"
        )
    assert "already" in _messages(refused.value)


def test_an_auditor_in_training_cannot_join_as_a_full_auditor(world: AuditWorld) -> None:
    qualify(world.base, world.expert, "in_training")
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.expert, role="auditor"
        )
    assert "in training" in _messages(refused.value)


def test_a_technical_expert_needs_no_qualification(world: AuditWorld) -> None:
    member = services.team_member_add(
        actor=world.manager,
        audit=world.stage2,
        person=world.expert,
        role="technical_expert",
        declaration="No links with the client.",
    )
    assert member.competence == []
    assert member.declared_at is not None


def test_a_declared_conflict_of_interest_refuses_the_member(world: AuditWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager,
            audit=world.stage2,
            person=world.auditor,
            role="auditor",
            declaration="I worked there until last year.",
            has_conflict=True,
        )
    assert "conflict of interest" in _messages(refused.value)
    assert not AuditTeamMember.objects.exists()


def test_a_consultant_of_the_client_in_the_last_two_years_is_refused(world: AuditWorld) -> None:
    with allow_unaudited_writes():
        ApplicationFactory(
            organization=world.organization,
            client=world.client,
            received_on=timezone.localdate() - dt.timedelta(days=200),
            consultancy="Dana Reed, QMS set-up, 2025",
        )
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.auditor, role="auditor"
        )
    assert "consultan" in _messages(refused.value)


def test_the_decision_maker_of_the_programme_cannot_join_its_team(world: AuditWorld) -> None:
    qualify(world.base, world.decider, "auditor")
    with allow_unaudited_writes():
        decision_factory()(
            organization=world.organization, programme=world.programme, decided_by=world.decider
        )
    with pytest.raises(ValidationError) as refused:
        services.team_member_add(
            actor=world.manager, audit=world.stage2, person=world.decider, role="auditor"
        )
    assert "decided on this programme" in _messages(refused.value)


def test_a_removed_member_still_counts_for_independence(world: AuditWorld) -> None:
    _team(world)
    member = AuditTeamMember.objects.get(person=world.auditor)
    with pytest.raises(ValidationError):
        services.team_member_remove(actor=world.manager, member=member, reason="")
    services.team_member_remove(actor=world.manager, member=member, reason="Ill")

    world.stage2.refresh_from_db()
    assert list(world.stage2.team.all()) == []
    assert world.auditor.pk in selectors.team_person_ids([world.stage2.pk])
    assert world.lead.pk in selectors.team_person_ids([world.stage2])


def test_the_team_planned_on_the_audit_becomes_members(world: AuditWorld) -> None:
    # stage1 was planned with the lead auditor through the programme's planning
    services.team_member_add(
        actor=world.manager, audit=world.stage1, person=world.auditor, role="auditor"
    )
    roles = dict(
        AuditTeamMember.objects.filter(audit=world.stage1).values_list("person_id", "role")
    )
    assert roles == {world.lead.pk: "lead_auditor", world.auditor.pk: "auditor"}
    world.stage1.refresh_from_db()
    assert world.stage1.lead_auditor == world.lead


def test_a_declaration_with_a_conflict_is_refused_and_asks_for_removal(world: AuditWorld) -> None:
    _team(world)
    member = AuditTeamMember.objects.get(person=world.auditor)
    with pytest.raises(ValidationError) as refused:
        services.team_member_declare(
            actor=world.auditor, member=member, declaration="My cousin", has_conflict=True
        )
    assert "remove them" in _messages(refused.value)
    saved = services.team_member_declare(actor=world.auditor, member=member, declaration="None")
    assert saved.declared_at is not None


# --- Plan --------------------------------------------------------------------------------


def _slot(world: AuditWorld, plan: Any, **extra: Any) -> Any:
    data = {
        "day": world.stage2.start_date,
        "starts": dt.time(9),
        "ends": dt.time(10),
        "activity": "Opening meeting",
        "site": world.site,
        "clauses": [world.clauses["7.5"]],
        "auditor": world.lead,
        **extra,
    }
    return services.slot_add(actor=world.lead, plan=plan, data=data)


def test_a_plan_is_sent_as_version_1_and_mailed_with_its_pdf(
    world: AuditWorld, django_capture_on_commit_callbacks: Any
) -> None:
    _team(world)
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={"notes": "Bring PPE."})
    assert "ISO 9001" in plan.criteria
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={"scope": "Gauges."})
    _slot(world, plan)

    with django_capture_on_commit_callbacks(execute=True):
        issue = services.plan_send(actor=world.lead, plan=plan)

    plan.refresh_from_db()
    assert (issue.version, plan.status, plan.issued_version) == (1, "sent", 1)
    assert issue.snapshot["slots"][0]["activity"] == "Opening meeting"
    assert issue.snapshot["team"][0]["role"] == "Lead auditor"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["quality@client.test"]
    assert mail.outbox[0].attachments[0][0] == "audit-plan-v1.pdf"


def test_a_change_after_sending_needs_a_note_for_the_next_version(world: AuditWorld) -> None:
    _team(world)
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={"scope": "Gauges."})
    slot = _slot(world, plan)
    services.plan_send(actor=world.lead, plan=plan)
    with pytest.raises(ValidationError) as unchanged:
        services.plan_send(actor=world.lead, plan=plan, change_note="Again")
    assert "Nothing changed" in _messages(unchanged.value)

    services.slot_update(actor=world.lead, slot=slot, data={"ends": dt.time(11)})
    plan.refresh_from_db()
    assert plan.changed_since_sent
    with pytest.raises(ValidationError) as no_note:
        services.plan_send(actor=world.lead, plan=plan)
    assert "change_note" in no_note.value.message_dict

    issue = services.plan_send(actor=world.lead, plan=plan, change_note="Opening ends at 11.")
    plan.refresh_from_db()
    assert issue.version == 2 and not plan.changed_since_sent
    assert [i.version for i in selectors.plan_issues(plan)] == [2, 1]


def test_a_slot_outside_the_audit_days_or_team_is_refused(world: AuditWorld) -> None:
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={})
    with pytest.raises(ValidationError) as refused:
        _slot(
            world, plan, day=world.stage2.start_date - dt.timedelta(days=1), auditor=world.auditor
        )
    assert set(refused.value.message_dict) == {"day", "auditor"}


def test_sending_needs_slots(world: AuditWorld) -> None:
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={"scope": "x"})
    with pytest.raises(ValidationError) as refused:
        services.plan_send(actor=world.lead, plan=plan)
    assert "slots" in refused.value.message_dict


# --- Checklist and findings --------------------------------------------------------------


def test_the_checklist_has_one_item_per_requirement_clause_and_is_idempotent(
    world: AuditWorld,
) -> None:
    _team(world)
    assert services.checklist_generate(actor=world.lead, audit=world.stage2) == 3
    assert services.checklist_generate(actor=world.lead, audit=world.stage2) == 0
    numbers = [item.clause.number for item in selectors.checklist_of(world.stage2)]
    assert numbers == ["4.1", "4.2", "7.5.1"]


def test_the_checklist_follows_the_clauses_of_the_plan(world: AuditWorld) -> None:
    _team(world)
    plan = services.plan_save(actor=world.lead, audit=world.stage2, data={})
    _slot(world, plan)
    assert services.checklist_generate(actor=world.lead, audit=world.stage2) == 1


def test_only_the_team_records_the_checklist(world: AuditWorld) -> None:
    _team(world)
    services.checklist_generate(actor=world.lead, audit=world.stage2)
    item = selectors.checklist_of(world.stage2)[0]
    with pytest.raises(Conflict):
        services.checklist_record(actor=world.unqualified, item=item, data={"result": "conformity"})
    saved = services.checklist_record(
        actor=world.auditor, item=item, data={"result": "conformity", "notes": "Seen."}
    )
    assert saved.checked_by == world.auditor and saved.result == "conformity"


def test_findings_are_numbered_and_a_major_at_stage_2_gets_the_policy_deadlines(
    world: AuditWorld,
) -> None:
    _team(world)
    services.checklist_generate(actor=world.lead, audit=world.stage2)
    item = selectors.checklist_of(world.stage2)[2]
    major = services.finding_raise(
        actor=world.lead,
        audit=world.stage2,
        data={"grade": "major", "statement": "No control of records.", "checklist_item": item},
    )
    minor = services.finding_raise(
        actor=world.lead, audit=world.stage2, data={"grade": "minor", "statement": "Late review."}
    )
    ofi = services.finding_raise(
        actor=world.lead, audit=world.stage2, data={"grade": "observation", "statement": "Could."}
    )
    end = world.stage2.end_date
    assert [major.number, minor.number, ofi.number] == ["F-01", "F-02", "F-03"]
    assert major.clause == item.clause and major.status == "open"
    assert major.respond_by == end + dt.timedelta(days=90)
    assert (
        major.verify_by
        == dt.date(end.year + (end.month + 6 - 1) // 12, (end.month + 5) % 12 + 1, 1)
        or major.verify_by > major.respond_by
    )
    assert minor.respond_by == end + dt.timedelta(days=30) and minor.verify_by is None
    assert ofi.status == "no_response" and ofi.respond_by is None
    item.refresh_from_db()
    assert item.result == "major"


def test_deadline_rules_of_domain_spec_3_3() -> None:
    base = {
        "major_response_days": 90,
        "minor_response_days": 30,
        "major_verification_months": 6,
    }
    end = dt.date(2026, 1, 31)
    initial = rules.finding_deadlines(
        grade="major",
        audit_kind="stage2",
        programme_kind="initial",
        audit_end=end,
        stage2_last_day=None,
        certificate_expiry=None,
        **base,
    )
    assert initial == rules.Deadlines(dt.date(2026, 5, 1), dt.date(2026, 7, 31))
    tight = rules.finding_deadlines(
        grade="major",
        audit_kind="stage2",
        programme_kind="initial",
        audit_end=end,
        stage2_last_day=dt.date(2025, 9, 30),
        certificate_expiry=None,
        **base,
    )
    assert tight == rules.Deadlines(dt.date(2026, 3, 30), dt.date(2026, 3, 30))
    surveillance = rules.finding_deadlines(
        grade="major",
        audit_kind="surveillance_1",
        programme_kind="initial",
        audit_end=end,
        stage2_last_day=dt.date(2025, 1, 1),
        certificate_expiry=dt.date(2026, 3, 1),
        **base,
    )
    assert surveillance == rules.Deadlines(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    minor = rules.finding_deadlines(
        grade="minor",
        audit_kind="recertification",
        programme_kind="initial",
        audit_end=end,
        stage2_last_day=None,
        certificate_expiry=None,
        **base,
    )
    assert minor == rules.Deadlines(dt.date(2026, 3, 2), None)


def test_findings_cannot_be_raised_on_a_cancelled_audit(world: AuditWorld) -> None:
    from qms.certification.programme import services as programme_services

    audit = programme_services.cert_audit_cancel(
        actor=world.manager, audit=world.stage1, reason="Client postponed."
    )
    with pytest.raises(Conflict) as refused:
        services.finding_raise(
            actor=world.manager, audit=audit, data={"grade": "minor", "statement": "x"}
        )
    assert "cancelled" in refused.value.message
    assert not CertFinding.objects.exists()


def test_a_finding_needs_a_grade_and_a_statement(world: AuditWorld) -> None:
    _team(world)
    with pytest.raises(ValidationError) as refused:
        services.finding_raise(actor=world.lead, audit=world.stage2, data={"grade": "huge"})
    assert set(refused.value.message_dict) == {"grade", "statement"}


# --- Conclusion --------------------------------------------------------------------------


def test_stage_1_not_ready_needs_the_issues_to_fix(world: AuditWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.audit_conclude(
            actor=world.lead, audit=world.stage1, data={"stage1_conclusion": "not_ready"}
        )
    assert "issues_to_fix" in refused.value.message_dict
    audit = services.audit_conclude(
        actor=world.lead,
        audit=world.stage1,
        data={"stage1_conclusion": "not_ready", "issues_to_fix": "No internal audit yet."},
    )
    assert audit.concluded_by == world.lead and audit.stage1_conclusion == "not_ready"


def test_only_the_lead_auditor_or_the_manager_concludes(world: AuditWorld) -> None:
    _team(world)
    with pytest.raises(Conflict):
        services.audit_conclude(
            actor=world.auditor, audit=world.stage1, data={"stage1_conclusion": "ready"}
        )


def test_a_stage_2_conclusion_needs_days_and_a_reason_for_a_difference(
    world: AuditWorld,
) -> None:
    _team(world)
    services.finding_raise(
        actor=world.lead, audit=world.stage2, data={"grade": "major", "statement": "x"}
    )
    data: dict[str, Any] = {
        "conclusion": "Effective apart from F-01.",
        "recommendation": "grant",
        "days_spent": Decimal("2.5"),
    }
    with pytest.raises(ValidationError) as refused:
        services.audit_conclude(actor=world.lead, audit=world.stage2, data=data)
    assert set(refused.value.message_dict) == {"recommendation", "time_difference_reason"}

    data.update(recommendation="grant_after_ncs", time_difference_reason="Extra site tour.")
    audit = services.audit_conclude(actor=world.lead, audit=world.stage2, data=data)
    assert audit.concluded_at is not None

    with pytest.raises(Conflict):
        services.finding_raise(
            actor=world.lead, audit=world.stage2, data={"grade": "minor", "statement": "late"}
        )
    with pytest.raises(Conflict):
        services.audit_conclude(actor=world.lead, audit=world.stage2, data=data)


def test_an_audit_is_not_concluded_before_its_last_day(world: AuditWorld) -> None:
    from qms.certification.programme import services as programme_services

    audit = programme_services.cert_audit_plan(
        actor=world.manager,
        audit=world.stage2,
        start_date=timezone.localdate() - dt.timedelta(days=1),
        end_date=timezone.localdate() + dt.timedelta(days=1),
        lead_auditor=world.lead,
    )
    with pytest.raises(Conflict) as refused:
        services.audit_conclude(
            actor=world.lead,
            audit=audit,
            data={"conclusion": "x", "recommendation": "grant", "days_spent": 2},
        )
    assert "has not come yet" in refused.value.message
