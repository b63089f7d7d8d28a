"""Starting and reporting an audit re-check auditor independence (ISO 9001 §9.2.2 c) on the
team and processes as they are now: a process whose owner became the lead auditor or an
auditor after the team was chosen stops the audit from starting or reporting (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.tests.factories import PASSWORD
from qms.core.errors import TransitionRefused
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.core.workflow import model_transition
from qms.internal_audits import services
from qms.internal_audits.models import Audit, ChecklistItem
from qms.organizations.services import process_update

from . import test_checklist_fixtures as fx
from .test_checklist_fixtures import make_audit

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db


def _answer_all(audit: Audit) -> None:
    with allow_unaudited_writes():
        ChecklistItem.objects.filter(audit=audit).update(answer="conform")


def _report(audit: Audit, actor: Any) -> Audit:
    return model_transition(
        actor=actor, instance=audit, transition="report", password=PASSWORD, meaning="released"
    )


def test_an_audit_does_not_start_when_the_lead_now_owns_an_audited_process(
    iso9001: None, organization: Any, quality_manager: Any, auditor: Any, process: Any
) -> None:
    planned = make_audit(
        organization=organization,
        actor=quality_manager,
        lead=auditor,
        process=process,
        start=False,
    )
    process_update(actor=quality_manager, instance=process, data={"owner": auditor})
    with pytest.raises(TransitionRefused) as refused:
        model_transition(actor=quality_manager, instance=planned, transition="start")
    assert "owns the process “Inspection”" in refused.value.message
    assert "9.2.2 c" in refused.value.message
    assert Audit.objects.get(pk=planned.pk).status == "planned"


def test_an_audit_does_not_start_when_a_team_auditor_now_owns_an_audited_process(
    iso9001: None,
    organization: Any,
    quality_manager: Any,
    auditor: Any,
    process_owner: Any,
    process: Any,
) -> None:
    planned = make_audit(
        organization=organization,
        actor=quality_manager,
        lead=auditor,
        process=process,
        start=False,
    )
    services.audit_update(
        actor=quality_manager, instance=planned, data={"auditors": [quality_manager]}
    )
    process_update(actor=quality_manager, instance=process, data={"owner": quality_manager})
    with pytest.raises(TransitionRefused) as refused:
        model_transition(actor=quality_manager, instance=planned, transition="start")
    assert str(quality_manager) in refused.value.message


def test_an_audit_does_not_report_when_the_lead_now_owns_an_audited_process(
    audit: Audit, quality_manager: Any, auditor: Any, process: Any
) -> None:
    _answer_all(audit)
    process_update(actor=quality_manager, instance=process, data={"owner": auditor})
    with pytest.raises(TransitionRefused) as refused:
        _report(Audit.objects.get(pk=audit.pk), quality_manager)
    assert "owns the process “Inspection”" in refused.value.message
    assert Audit.objects.get(pk=audit.pk).status == "in_progress"


def test_an_independent_team_starts_and_reports(
    audit: Audit, quality_manager: Any, process: Any, process_owner: Any
) -> None:
    assert process.owner_id == process_owner.pk
    _answer_all(audit)
    reported = _report(Audit.objects.get(pk=audit.pk), quality_manager)
    assert reported.status == "reported"


# --- The programme's derived columns are rewritten with an audit event ------------------------


def test_refreshing_the_programme_records_each_changed_row_and_nothing_else(
    organization: Any, quality_manager: Any, process: Any
) -> None:
    from qms.core.audit import AuditEvent
    from qms.internal_audits import events
    from qms.risks import services as risk_services

    programme = services.programme_create(
        actor=quality_manager, organization=organization, data={"year": 2026, "title": ""}
    )
    row = services.programme_process_add(
        actor=quality_manager, programme=programme, data={"process": process}
    )
    before_level, before_per_year = row.risk_level, row.audits_per_year
    updated = AuditEvent.objects.for_subject(row).filter(
        event_type=events.PROGRAMME_PROCESS_UPDATED.name
    )
    count = updated.count()

    # nothing changed: nothing is written or recorded
    assert services.programme_refresh(actor=quality_manager, programme=programme) == []
    assert updated.count() == count

    # a high risk on the process in the risk register: the row changes, with an event
    risk = risk_services.risk_create(
        actor=quality_manager,
        organization=organization,
        data={
            "kind": "risk",
            "title": "Gauges used past their calibration date",
            "owner": quality_manager,
            "processes": [process],
            "inherent_likelihood": 5,
            "inherent_consequence": 5,
        },
    )
    changed = services.programme_refresh(actor=quality_manager, programme=programme)
    assert changed == [str(process)]
    assert updated.count() == count + 1
    event = updated.order_by("-sequence").first()
    assert event is not None
    assert event.actor == quality_manager
    assert event.before["risk_level"] == before_level
    assert event.after["risk_level"] == risk.inherent_band
    stored = type(row).objects.get(pk=row.pk)
    assert stored.risk_level == risk.inherent_band
    assert stored.version > row.version
    if stored.audits_per_year != before_per_year:
        assert event.after["audits_per_year"] == stored.audits_per_year

    # refreshed again with nothing new: no further event
    assert services.programme_refresh(actor=quality_manager, programme=programme) == []
    assert updated.count() == count + 1
