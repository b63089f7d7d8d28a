"""The fields of a programme, a programme process and an audit, declared once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Audit, AuditProgramme, ProgrammeProcess

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PROGRAMME = ModelSpec(
    model=AuditProgramme,
    fields=("year", "title", "objectives"),
    read_only=(
        "status",
        "revision",
        "approved_by",
        "approved_on",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("year", link=True),
        Column("title", link=True),
        Column("status"),
        Column("revision"),
        Column("approved_on"),
    ),
    detail=(
        Column("year"),
        Column("title"),
        Column("status"),
        Column("revision"),
        Column("approved_by"),
        Column("approved_on"),
        Column("updated_at", sort=False),
    ),
    widgets={"objectives": forms.Textarea(attrs={"rows": 4})},
)

PROGRAMME_PROCESS = ModelSpec(
    model=ProgrammeProcess,
    fields=("process", "importance", "audits_per_year_override", "notes"),
    read_only=(
        "programme",
        "risk_level",
        "previous_result",
        "suggested_per_year",
        "audits_per_year",
        "version",
        "created_at",
        "updated_at",
    ),
    widgets={"notes": forms.Textarea(attrs={"rows": 2})},
)

PROGRAMME_PROCESS_COLUMNS = (
    Column("process", link=True, sort="process__name"),
    Column("programme", sort="programme__year"),
    Column("importance"),
    Column("risk_level"),
    Column("previous_result"),
    Column("suggested_per_year"),
    Column("audits_per_year"),
)

AUDIT = ModelSpec(
    model=Audit,
    fields=(
        "title",
        "programme",
        "processes",
        "clauses",
        "scope",
        "lead_auditor",
        "auditors",
        "auditees",
        "planned_month",
        "start_on",
        "end_on",
        "plan",
        "conclusion",
    ),
    read_only=(
        "number",
        "status",
        "previous",
        "reported_on",
        "closed_on",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("title", link=True),
        Column("planned_month_label", label=_("Month"), sort="planned_month"),
        Column("lead_auditor", sort="lead_auditor__email"),
        Column("status"),
        Column("processes_label", label=_("Processes"), sort=False),
        Column("reported_on"),
    ),
    detail=(
        Column("number"),
        Column("title"),
        Column("status"),
        Column("programme"),
        Column("planned_month_label", label=_("Planned month")),
        Column("start_on"),
        Column("end_on"),
        Column("lead_auditor"),
        Column("previous"),
        Column("reported_on"),
        Column("closed_on"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "scope": forms.Textarea(attrs={"rows": 3}),
        "plan": forms.Textarea(attrs={"rows": 8}),
        "conclusion": forms.Textarea(attrs={"rows": 4}),
        "planned_month": _DATE,
        "start_on": _DATE,
        "end_on": _DATE,
    },
)
