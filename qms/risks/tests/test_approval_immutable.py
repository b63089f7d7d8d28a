"""The approval snapshot is the evidence of what the owner signed: it can't be changed or
deleted, neither row by row nor through a queryset."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qms.core.audit import AppendOnlyError
from qms.risks import services
from qms.risks.models import RiskApproval

pytestmark = pytest.mark.django_db


def test_approval_snapshot_cannot_be_changed_or_deleted(
    make_risk: Any, quality_manager: Any
) -> None:
    risk = make_risk()
    services.record_approval(obj=risk, actor=quality_manager, reason="", signature=None)
    approval = RiskApproval.objects.get(risk=risk)
    frozen = dict(approval.snapshot)

    approval.snapshot = {**frozen, "title": "Rewritten"}
    with pytest.raises(AppendOnlyError):
        approval.save()
    with pytest.raises(AppendOnlyError):
        RiskApproval.objects.filter(pk=approval.pk).update(snapshot={})
    with pytest.raises(AppendOnlyError):
        RiskApproval.objects.filter(pk=approval.pk).update(approved_at=timezone.now())
    with pytest.raises(AppendOnlyError):
        approval.delete()
    with pytest.raises(AppendOnlyError):
        RiskApproval.objects.filter(risk=risk).delete()

    assert RiskApproval.objects.get(pk=approval.pk).snapshot == frozen
