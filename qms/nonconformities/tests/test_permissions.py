"""Who may do what: a process owner manages the NCs of their processes (and those they are
responsible for or reported), not others'; a reporter completes their own report but takes
no workflow step; only managers close and reopen; a viewer only reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from qms.core.permissions import has_object_perm
from qms.nonconformities.models import Nonconformity
from qms.nonconformities.services import nonconformity_create
from qms.organizations.tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def report(organization: Any, actor: Any, **data: Any) -> Nonconformity:
    values = {
        "title": "Burr on flange",
        "description": "Not deburred.",
        "source": "product_inspection",
        "severity": "minor",
        "detected_on": dt.date(2026, 5, 1),
        **data,
    }
    return nonconformity_create(actor=actor, organization=organization, data=values)


def may(user: Any, nc: Nonconformity, action: str) -> bool:
    return has_object_perm(user, nc, action, organization=nc.organization_id)


def test_a_process_owner_manages_the_ncs_of_their_processes_only(
    organization, process_owner, employee, quality_manager
):
    mine = ProcessFactory(organization=organization, owner=process_owner)
    other = ProcessFactory(organization=organization, owner=quality_manager)
    ours = report(organization, employee, process=mine)
    theirs = report(organization, employee, process=other)
    for action in ("change", "record_containment", "analyse", "plan", "implement", "verify"):
        assert may(process_owner, ours, action), action
        assert not may(process_owner, theirs, action), action
    assert not may(process_owner, ours, "close")
    responsible = report(organization, employee, process=other, owner=process_owner)
    assert may(process_owner, responsible, "record_containment")


def test_a_reporter_completes_their_report_but_takes_no_step(organization, employee, auditor):
    own = report(organization, employee)
    other = report(organization, auditor)
    assert may(employee, own, "change") and not may(employee, other, "change")
    for action in ("record_containment", "analyse", "plan", "implement", "verify", "close"):
        assert not may(employee, own, action), action


def test_an_internal_auditor_may_verify_but_not_close(organization, auditor, employee):
    nc = report(organization, employee)
    assert may(auditor, nc, "verify") and may(auditor, nc, "verify_ineffective")
    assert not may(auditor, nc, "close") and not may(auditor, nc, "reopen")


def test_a_viewer_takes_no_write_action(organization, viewer, employee):
    nc = report(organization, employee)
    for action in ("add", "change", "record_containment", "verify", "close", "reopen"):
        assert not may(viewer, nc, action), action


def test_the_transition_page_refuses_a_process_owner_of_another_process(
    client_for, organization, process_owner, employee, quality_manager
):
    other = ProcessFactory(organization=organization, owner=quality_manager)
    nc = report(organization, employee, process=other)
    url = reverse("nonconformities:nonconformity_transition", args=[nc.pk, "record_containment"])
    assert client_for(process_owner).get(url).status_code == 403
    assert client_for(process_owner).post(url, {}).status_code == 403
