"""The signatures of a programme's approval and an audit's report stay valid through the steps
that follow (planning, closing): those steps write dates the signature does not cover. A
change of the signed content still breaks them."""

from __future__ import annotations

from typing import Any

import pytest

from qms.accounts.tests.factories import PASSWORD
from qms.core.services import model_update
from qms.core.signatures import SignatureStatus, signatures_of
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.core.workflow import model_transition
from qms.internal_audits import events, services
from qms.internal_audits.models import Audit, AuditProgramme, ChecklistItem

from . import test_checklist_fixtures as fx

library, iso9001, process, audit = fx.library, fx.iso9001, fx.process, fx.audit

pytestmark = pytest.mark.django_db


def _statuses(obj: Any) -> list[SignatureStatus]:
    return [status for _signature, status in signatures_of(subject=obj)]


def test_the_report_signature_stays_valid_after_the_audit_is_closed(
    audit: Audit, auditor: Any, quality_manager: Any
) -> None:
    with allow_unaudited_writes():
        ChecklistItem.objects.filter(audit=audit).update(answer="conform")
    reported = model_transition(
        actor=auditor, instance=audit, transition="report", password=PASSWORD, meaning="released"
    )
    assert reported.reported_on is not None
    assert _statuses(reported) == [SignatureStatus.VALID]

    closed = model_transition(actor=quality_manager, instance=reported, transition="close")
    assert closed.status == "closed" and closed.closed_on is not None
    assert _statuses(closed) == [SignatureStatus.VALID]

    changed, _ = model_update(
        actor=quality_manager,
        instance=closed,
        data={"conclusion": "Rewritten after the report was issued."},
        fields=("conclusion",),
        event_type=events.AUDIT_UPDATED,
    )
    assert _statuses(changed) == [SignatureStatus.BROKEN]


def test_the_programme_approval_stays_valid_after_planning_and_breaks_on_revision(
    organization: Any, quality_manager: Any, process: Any
) -> None:
    programme = services.programme_create(
        actor=quality_manager, organization=organization, data={"year": 2026, "title": "2026"}
    )
    services.programme_process_add(
        actor=quality_manager, programme=programme, data={"process": process}
    )
    approved = model_transition(
        actor=quality_manager,
        instance=programme,
        transition="approve",
        password=PASSWORD,
        meaning="approved",
    )
    assert approved.approved_by_id == quality_manager.pk
    assert _statuses(approved) == [SignatureStatus.VALID]
    services.programme_plan(actor=quality_manager, programme=approved)
    assert _statuses(AuditProgramme.objects.get(pk=programme.pk)) == [SignatureStatus.VALID]

    revised = model_transition(
        actor=quality_manager,
        instance=AuditProgramme.objects.get(pk=programme.pk),
        transition="revise",
        reason="A new process joins the scope.",
    )
    assert revised.revision == 1
    assert _statuses(revised) == [SignatureStatus.BROKEN]
