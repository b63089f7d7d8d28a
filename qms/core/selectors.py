"""Reads of the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from .audit import AuditEvent


def subject_history(*, subject: models.Model, limit: int = 50) -> list[AuditEvent]:
    """The newest events about one object, for its page. The caller already checked that the
    user may see the object; events stay within the object's organization."""
    queryset = AuditEvent.objects.for_subject(subject).select_related("actor").order_by("-id")
    organization_id = getattr(subject, "organization_id", None)
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    return list(queryset[:limit])


def audit_event_list(*, user: Any, organization: Any) -> models.QuerySet[AuditEvent]:
    """The organization's audit log, as far as the user may read it (with each event's actor,
    so `actor_display` costs no query per row)."""
    return AuditEvent.objects.for_user(user, "view", organization=organization).select_related(
        "actor"
    )
