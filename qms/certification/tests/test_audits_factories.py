"""The audit-work factories make valid records, and each record's list and detail page and
API route answers the owner's certification manager and hides it from another
organization (what the tenancy walker checks once the factories are registered)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.certification.permissions import CERTIFICATION_MANAGER
from qms.core.testing.audit_guard import allow_unaudited_writes

from . import factories_audits as f
from .programme_world import member

pytestmark = pytest.mark.django_db

FACTORIES = {
    "auditteammember": (f.AuditTeamMemberFactory, "audit-team-members"),
    "auditplanslot": (f.AuditPlanSlotFactory, "audit-plan-slots"),
    "auditplanissue": (f.AuditPlanIssueFactory, "audit-plan-versions"),
    "certchecklistitem": (f.CertChecklistItemFactory, "audit-checklist-items"),
    "certfinding": (f.CertFindingFactory, "audit-findings"),
    "auditplan": (f.AuditPlanFactory, "audit-plans"),
}


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_a_record_is_shown_to_its_organization_and_hidden_from_another(
    name: str, organization: Any, other_organization: Any, client_for: Any, api_client_for: Any
) -> None:
    factory_class, route = FACTORIES[name]
    with allow_unaudited_writes():
        record = factory_class(organization=organization)
    ours = member(organization, CERTIFICATION_MANAGER, "manager@ours.test")
    theirs = member(other_organization, CERTIFICATION_MANAGER, "manager@theirs.test")
    list_url = reverse(f"certification:{name}_list")
    assert client_for(ours).get(list_url).status_code == 200
    if name != "auditplan":  # the plan's page is addressed by its audit
        detail = reverse(f"certification:{name}_detail", args=[record.pk])
        assert client_for(ours).get(detail).status_code == 200
        assert client_for(theirs).get(detail).status_code == 404
    api = f"/api/v1/certification/{route}/{record.pk}/"
    assert api_client_for(ours).get(api).status_code == 200
    assert api_client_for(theirs).get(api).status_code == 404
