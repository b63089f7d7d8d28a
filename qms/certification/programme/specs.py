"""Field specifications of the programme and its audits (qms.core.specs): what the pages,
the API and the services' allow-lists expose."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from ..models import CertAudit, CertificationProgramme

PROGRAMME = ModelSpec(
    model=CertificationProgramme,
    # What programme_create takes; after creation only the notes change (programme_update).
    fields=("client", "application", "kind", "editions", "iaf_codes", "previous_expiry", "notes"),
    read_only=(
        "number",
        "status",
        "decision_date",
        "expiry",
        "stage2_last_day",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("client", sort="client__legal_name"),
        Column("status"),
        Column("decision_date"),
        Column("expiry"),
        Column("next_due_by", label=_("Next audit due by"), sort="next_due_by"),
        Column("next_due_kind_label", label=_("Next audit"), sort=False),
    ),
    widgets={"notes": forms.Textarea(attrs={"rows": 3})},
)

# The programme fields a person may change after creation.
PROGRAMME_EDIT_FIELDS = ("notes",)

CERT_AUDIT = ModelSpec(
    model=CertAudit,
    # What cert_audit_plan sets (the plan); kind, window, status and warnings are the
    # services' and the workflow's.
    fields=(
        "start_date",
        "end_date",
        "audit_days",
        "lead_auditor",
        "team",
        "sites",
        "override_justification",
    ),
    read_only=(
        "programme",
        "kind",
        "status",
        "due_from",
        "due_by",
        "purpose",
        "warnings",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("kind", link=True),
        Column("programme", sort="programme__number"),
        Column("status"),
        Column("due_from"),
        Column("due_by"),
        Column("start_date"),
        Column("end_date"),
        Column("lead_auditor", sort="lead_auditor__email"),
    ),
    # The team and the sites (many-to-many) have their own section on the audit's page.
    detail=(
        Column("programme"),
        Column("kind"),
        Column("status"),
        Column("due_from"),
        Column("due_by"),
        Column("start_date"),
        Column("end_date"),
        Column("audit_days"),
        Column("lead_auditor"),
        Column("override_justification"),
        Column("updated_at", sort=False),
    ),
)
