"""Field specifications of an audit's work (qms.core.specs): list columns and detail rows
of the pages and the API. The writes go through services.py, whose arguments name the
fields a person may set."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from ..models import (
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertChecklistItem,
    CertFinding,
)

MEMBER = ModelSpec(
    model=AuditTeamMember,
    fields=("audit", "person", "role", "declaration", "has_conflict"),
    read_only=("competence", "competence_checked_on", "declared_at", "version"),
    columns=(
        Column("person", link=True),
        Column("role"),
        Column("audit", sort=False),
        Column("declared_at"),
    ),
)

PLAN = ModelSpec(
    model=AuditPlan,
    fields=("audit", "objectives", "scope", "criteria", "notes"),
    read_only=("status", "issued_version", "changed_since_sent", "version"),
    columns=(
        Column("audit", link=True, sort=False),
        Column("status"),
        Column("issued_version"),
        Column("changed_since_sent"),
    ),
)

SLOT = ModelSpec(
    model=AuditPlanSlot,
    fields=(
        "plan",
        "day",
        "starts",
        "ends",
        "site",
        "activity",
        "processes",
        "clauses",
        "auditor",
        "remote",
    ),
    read_only=("version",),
    columns=(
        Column("day", link=True),
        Column("starts"),
        Column("ends"),
        Column("activity"),
        Column("site", sort=False),
        Column("auditor", sort=False),
        Column("remote"),
    ),
    detail=(
        Column("plan", sort=False),
        Column("day"),
        Column("starts"),
        Column("ends"),
        Column("activity"),
        Column("processes"),
        Column("site", sort=False),
        Column("auditor", sort=False),
        Column("remote"),
    ),
)

ISSUE = ModelSpec(
    model=AuditPlanIssue,
    fields=(),
    read_only=("plan", "version", "sent_at", "sent_by", "change_note"),
    columns=(
        Column("plan", link=True, sort=False),
        Column("version"),
        Column("sent_at"),
        Column("sent_by", sort=False),
        Column("change_note", label=_("What changed")),
    ),
)

CHECKLIST_ITEM = ModelSpec(
    model=CertChecklistItem,
    fields=("result", "notes", "site"),
    read_only=("audit", "clause", "checked_by", "checked_at", "version"),
    columns=(
        Column("clause", link=True, sort=False),
        Column("audit", sort=False),
        Column("result"),
        Column("checked_at"),
    ),
)

FINDING = ModelSpec(
    model=CertFinding,
    fields=(
        "grade",
        "statement",
        "objective_evidence",
        "requirement",
        "clause",
        "site",
        "checklist_item",
    ),
    read_only=(
        "audit",
        "number",
        "status",
        "raised_by",
        "respond_by",
        "verify_by",
        "verified_on",
        "client_nc_number",
        "client_nc_closed_on",
        "version",
    ),
    columns=(
        Column("number", link=True),
        Column("audit", sort=False),
        Column("grade"),
        Column("status"),
        Column("clause", sort=False),
        Column("respond_by"),
        Column("verify_by"),
    ),
)
