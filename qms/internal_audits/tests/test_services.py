"""Services of programmes and audits: numbering, independence, criteria, planning,
workflow (start, report, close, cancel), follow-up, and the selectors' contracts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.accounts.tests.factories import PASSWORD
from qms.core.audit import AuditEvent
from qms.core.errors import TransitionRefused
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.core.workflow import model_transition
from qms.internal_audits import selectors, services
from qms.internal_audits.models import Audit, ChecklistItem, Finding, ProgrammeProcess
from qms.risks import services as risk_services

from .conftest import iso_clause

pytestmark = pytest.mark.django_db


def _answer_all(audit: Audit, answer: str = "conform") -> None:
    with allow_unaudited_writes():
        if not ChecklistItem.objects.filter(audit=audit).exists():
            ChecklistItem.objects.create(
                organization=audit.organization, audit=audit, position=1, question="Q?"
            )
        ChecklistItem.objects.filter(audit=audit).update(answer=answer)


def _report(audit: Audit, actor: Any) -> Audit:
    audit = model_transition(actor=actor, instance=audit, transition="start")
    _answer_all(audit)
    return model_transition(
        actor=actor,
        instance=audit,
        transition="report",
        password=PASSWORD,
        meaning="released",
    )


def test_create_numbers_per_year_and_records_event(make_ia: Any, purchasing: Any) -> None:
    first = make_ia(processes=[purchasing])
    second = make_ia(planned_month=date(2026, 5, 17))
    other_year = make_ia(planned_month=date(2027, 1, 1))
    assert (first.number, second.number, other_year.number) == (
        "IA-2026-001",
        "IA-2026-002",
        "IA-2027-001",
    )
    assert second.planned_month == date(2026, 5, 1)
    assert first.status == "planned"
    assert AuditEvent.objects.filter(event_type="internal_audit.created").count() == 3


def test_lead_auditor_owning_the_process_is_refused(
    make_ia: Any, purchasing: Any, process_owner: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_ia(processes=[purchasing], lead_auditor=process_owner)
    messages = error.value.message_dict["lead_auditor"]
    assert f"{process_owner} owns the process “Purchasing” and cannot audit it" in messages[0]
    assert not Audit.objects.for_organization(purchasing.organization).exists()


def test_team_member_owning_the_process_is_refused_on_edit(
    make_ia: Any, purchasing: Any, process_owner: Any, quality_manager: Any
) -> None:
    audit = make_ia(processes=[purchasing])
    with pytest.raises(ValidationError) as error:
        services.audit_update(
            actor=quality_manager, instance=audit, data={"auditors": [process_owner]}
        )
    assert "Purchasing" in error.value.message_dict["auditors"][0]


def test_changing_processes_checks_independence(
    make_ia: Any, production: Any, quality_manager: Any
) -> None:
    audit = make_ia(auditors=[quality_manager])
    with pytest.raises(ValidationError) as error:
        services.audit_update(
            actor=quality_manager, instance=audit, data={"processes": [production]}
        )
    assert "Production" in error.value.message_dict["processes"][0]


def test_criteria_must_come_from_adopted_standards(ia_library: None, make_ia: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_ia(clauses=[iso_clause("9.2")])
    assert "clauses" in error.value.message_dict


def test_outsider_cannot_be_on_the_team(make_ia: Any, outsider: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_ia(auditors=[outsider])
    assert "auditors" in error.value.message_dict


def test_workflow_report_needs_answers_and_sets_dates(
    ia_iso9001: None, make_ia: Any, auditor: Any
) -> None:
    audit = make_ia(clauses=[iso_clause("9.2")], planned_month=timezone.localdate())
    audit = model_transition(actor=auditor, instance=audit, transition="start")
    assert audit.start_on == timezone.localdate()
    with allow_unaudited_writes():
        ChecklistItem.objects.get_or_create(
            organization=audit.organization, audit=audit, position=99, defaults={"question": "Q?"}
        )
    with pytest.raises(TransitionRefused):
        model_transition(
            actor=auditor,
            instance=audit,
            transition="report",
            password=PASSWORD,
            meaning="released",
        )
    _answer_all(audit)
    audit = model_transition(
        actor=auditor, instance=audit, transition="report", password=PASSWORD, meaning="released"
    )
    assert audit.status == "reported"
    assert audit.reported_on == timezone.localdate()
    assert audit.end_on == timezone.localdate()


def test_close_needs_closed_nonconformities(
    make_ia: Any, auditor: Any, quality_manager: Any
) -> None:
    audit = _report(make_ia(planned_month=timezone.localdate()), auditor)
    with allow_unaudited_writes():
        Finding.objects.create(
            organization=audit.organization,
            audit=audit,
            number="F-01",
            grade="minor",
            statement="x",
        )
        Finding.objects.create(
            organization=audit.organization,
            audit=audit,
            number="F-02",
            grade="observation",
            statement="y",
        )
    with pytest.raises(TransitionRefused) as error:
        model_transition(actor=quality_manager, instance=audit, transition="close")
    assert "F-01" in str(error.value) and "F-02" not in str(error.value)
    with allow_unaudited_writes():
        Finding.objects.filter(number="F-01").update(grade="improvement")
    audit = model_transition(actor=quality_manager, instance=audit, transition="close")
    assert audit.status == "closed" and audit.closed_on == timezone.localdate()


def test_cancel_needs_a_reason(make_ia: Any, quality_manager: Any) -> None:
    audit = make_ia()
    with pytest.raises(TransitionRefused):
        model_transition(actor=quality_manager, instance=audit, transition="cancel")
    audit = model_transition(
        actor=quality_manager, instance=audit, transition="cancel", reason="Process merged."
    )
    assert audit.status == "cancelled"


def test_follow_up_copies_scope_and_team(
    ia_iso9001: None, make_ia: Any, purchasing: Any, quality_manager: Any, employee: Any
) -> None:
    audit = make_ia(
        processes=[purchasing], clauses=[iso_clause("8.4")], auditees=[employee], scope="Buyers"
    )
    follow = services.audit_follow_up(
        actor=quality_manager, audit=audit, planned_month=date(2026, 9, 9)
    )
    assert follow.previous == audit
    assert follow.planned_month == date(2026, 9, 1)
    assert list(follow.processes.all()) == [purchasing]
    assert list(follow.clauses.all()) == [iso_clause("8.4")]
    assert list(follow.auditees.all()) == [employee]
    assert follow.scope == "Buyers"


def _programme(organization: Any, actor: Any, year: int = 2026) -> Any:
    return services.programme_create(
        actor=actor, organization=organization, data={"year": year, "title": ""}
    )


def test_programme_rows_read_risk_register_and_previous_audit(
    organization: Any, quality_manager: Any, auditor: Any, purchasing: Any, make_ia: Any
) -> None:
    risk = risk_services.risk_create(
        actor=quality_manager,
        organization=organization,
        data={
            "kind": "risk",
            "title": "Single supplier",
            "owner": quality_manager,
            "processes": [purchasing],
            "inherent_likelihood": 5,
            "inherent_consequence": 5,
        },
    )
    assert risk.inherent_band in ("critical", "high")
    previous = _report(make_ia(processes=[purchasing], planned_month=timezone.localdate()), auditor)
    with allow_unaudited_writes():
        Finding.objects.create(
            organization=organization, audit=previous, number="F-01", grade="major", statement="x"
        )
    programme = _programme(organization, quality_manager)
    assert programme.title == "Internal audit programme 2026"
    row = services.programme_process_add(
        actor=quality_manager,
        programme=programme,
        data={"process": purchasing, "importance": "high"},
    )
    assert row.risk_level == risk.inherent_band
    assert row.previous_result == "major"
    assert row.suggested_per_year == 4 and row.audits_per_year == 4
    row = services.programme_process_update(
        actor=quality_manager, instance=row, data={"audits_per_year_override": 2}
    )
    assert row.audits_per_year == 2 and row.suggested_per_year == 4


def test_plan_spreads_and_is_idempotent(
    organization: Any, quality_manager: Any, auditor: Any, purchasing: Any, production: Any
) -> None:
    year = timezone.localdate().year + 1
    programme = _programme(organization, quality_manager, year=year)
    services.programme_add_active_processes(actor=quality_manager, programme=programme)
    rows = {r.process_id: r for r in ProgrammeProcess.objects.for_organization(organization)}
    assert set(rows) == {purchasing.pk, production.pk}
    created = services.programme_plan(actor=quality_manager, programme=programme)
    assert len(created) == sum(r.audits_per_year for r in rows.values())
    for audit in created:
        process = audit.processes.get()
        assert audit.lead_auditor_id != process.owner_id
        assert audit.planned_month.year == year
    assert services.programme_plan(actor=quality_manager, programme=programme) == []
    # one more a year for Purchasing: only the missing audit is added
    row = rows[purchasing.pk]
    services.programme_process_update(
        actor=quality_manager,
        instance=row,
        data={"audits_per_year_override": row.audits_per_year + 1},
    )
    again = services.programme_plan(actor=quality_manager, programme=programme)
    assert len(again) == 1 and list(again[0].processes.all()) == [purchasing]


def test_programme_approve_signed_then_revise(
    organization: Any, quality_manager: Any, purchasing: Any
) -> None:
    programme = _programme(organization, quality_manager)
    with pytest.raises(TransitionRefused):
        model_transition(
            actor=quality_manager,
            instance=programme,
            transition="approve",
            password=PASSWORD,
            meaning="approved",
        )
    services.programme_process_add(
        actor=quality_manager, programme=programme, data={"process": purchasing}
    )
    programme = model_transition(
        actor=quality_manager,
        instance=programme,
        transition="approve",
        password=PASSWORD,
        meaning="approved",
    )
    assert programme.status == "approved"
    assert programme.approved_by == quality_manager and programme.approved_on
    from qms.core.errors import Conflict

    with pytest.raises(Conflict):
        services.programme_update(actor=quality_manager, instance=programme, data={"title": "New"})
    programme = model_transition(
        actor=quality_manager, instance=programme, transition="revise", reason="New process."
    )
    assert programme.status == "draft" and programme.revision == 1 and programme.approved_on is None


def test_programme_year_unique(organization: Any, quality_manager: Any) -> None:
    _programme(organization, quality_manager)
    with pytest.raises(ValidationError) as error:
        _programme(organization, quality_manager)
    assert error.value.messages


def test_audit_results_and_clause_coverage(
    ia_iso9001: None,
    organization: Any,
    make_ia: Any,
    auditor: Any,
    django_assert_max_num_queries: Any,
) -> None:
    today = timezone.localdate()
    done = _report(
        make_ia(clauses=[iso_clause("9.2"), iso_clause("8.4")], planned_month=today), auditor
    )
    make_ia(planned_month=(today.replace(day=1) - timedelta(days=1)))  # last month, not done
    with allow_unaudited_writes():
        Finding.objects.create(
            organization=organization, audit=done, number="F-01", grade="minor", statement="x"
        )
    with django_assert_max_num_queries(6):
        results = selectors.audit_results(
            organization=organization, start=today.replace(month=1, day=1), end=today
        )
    assert results.completed == 1 and results.audits == [done]
    assert results.findings_by_grade == {"minor": 1}
    assert results.overdue == 1
    assert results.open_nonconformities == 0
    with django_assert_max_num_queries(2):
        coverage = selectors.clause_coverage(organization=organization, since=None)
    assert coverage == {iso_clause("9.2").pk: today, iso_clause("8.4").pk: today}
    assert (
        selectors.clause_coverage(organization=organization, since=today + timedelta(days=1)) == {}
    )


def test_kpis(make_ia: Any, auditor: Any, organization: Any) -> None:
    today = timezone.localdate()
    _report(make_ia(planned_month=today), auditor)
    rows = selectors.audit_kpis(organization=organization, periods=selectors.quarters(today.year))
    quarter = rows[(today.month - 1) // 3]
    assert quarter.completed == 1 and quarter.on_time == 1 and quarter.on_time_pct == 100.0
    assert quarter.mean_days_to_report == 0


def test_audits_are_in_the_calendar_feed(make_ia: Any, auditor: Any) -> None:
    from qms.internal_audits.calendar import audits_source

    audit = make_ia()
    items = list(audits_source(auditor))
    assert [item.url for item in items] == [audit.get_absolute_url()]


def test_reminder_to_lead_auditor(make_ia: Any, auditor: Any) -> None:
    from qms.internal_audits.reminders import not_started_rule

    today = timezone.localdate()
    audit = make_ia(planned_month=today)
    reminders = list(not_started_rule(today))
    assert [(r.recipient, r.url) for r in reminders] == [(auditor, audit.get_absolute_url())]


def test_new_criteria_extend_the_checklist(
    ia_iso9001: None, make_ia: Any, quality_manager: Any
) -> None:
    audit = make_ia()
    before = ChecklistItem.objects.filter(audit=audit).count()
    services.audit_update(
        actor=quality_manager, instance=audit, data={"clauses": [iso_clause("9.2")]}
    )
    assert ChecklistItem.objects.filter(audit=audit).count() > before


def test_independence_message_goes_beside_the_person_s_field(
    make_ia: Any, purchasing: Any, process_owner: Any, quality_manager: Any, auditor: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_ia(processes=[purchasing], lead_auditor=auditor, auditors=[process_owner])
    assert set(error.value.message_dict) == {"auditors"}


def test_indicators_for_objectives(make_ia: Any, auditor: Any, organization: Any) -> None:
    from qms.core.indicators import indicator_value

    today = timezone.localdate()
    _report(make_ia(planned_month=today), auditor)
    make_ia(planned_month=today.replace(day=1) - timedelta(days=40))  # overdue
    start, end = today.replace(month=1, day=1), today
    assert indicator_value("internal_audits.completed", organization.pk, start, end) == 1
    assert indicator_value("internal_audits.overdue", organization.pk, start, end) == 1
    assert (
        indicator_value("internal_audits.completed_on_time_pct", organization.pk, start, end) == 100
    )
    assert indicator_value("internal_audits.findings_per_audit", organization.pk, start, end) == 0
