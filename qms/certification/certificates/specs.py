"""Field specifications of decisions and certificates (qms.core.specs): what the pages,
the exports and the API show. Both are written only by the services (no free edit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from ..models import Certificate, CertificationDecision

DECISION = ModelSpec(
    model=CertificationDecision,
    fields=("reviewer_notes", "audit_time_justification"),
    read_only=(
        "number",
        "programme",
        "kind",
        "audits",
        "status",
        "review",
        "decided_by",
        "decided_on",
        "reasons",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("programme", sort="programme__number"),
        Column("programme.client", label=_("Client"), sort="programme__client__legal_name"),
        Column("kind"),
        Column("status"),
        Column("decided_on"),
        Column("decided_by", sort="decided_by__email"),
    ),
    detail=(
        Column("programme"),
        Column("programme.client", label=_("Client")),
        Column("kind"),
        Column("status"),
        Column("decided_by"),
        Column("decided_on"),
        Column("reasons"),
        Column("reviewer_notes"),
        Column("audit_time_justification"),
    ),
)

CERTIFICATE = ModelSpec(
    model=Certificate,
    fields=("holder_name", "holder_address", "sites_text", "languages", "confidential"),
    read_only=(
        "number",
        "revision",
        "status",
        "client",
        "programme",
        "decision",
        "previous",
        "scope",
        "sites",
        "editions",
        "iaf_codes",
        "accredited",
        "accreditation",
        "initial_certification_date",
        "cycle_start",
        "effective_date",
        "issue_date",
        "expiry_date",
        "status_changed_on",
        "suspension_reason",
        "suspended_until",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True),
        Column("revision"),
        Column("client", sort="client__legal_name"),
        Column("status"),
        Column("effective_date"),
        Column("expiry_date"),
        Column("programme", sort="programme__number"),
    ),
    detail=(
        Column("client"),
        Column("holder_name"),
        Column("holder_address"),
        Column("sites_text"),
        Column("scope"),
        Column("status"),
        Column("revision"),
        Column("initial_certification_date"),
        Column("cycle_start"),
        Column("effective_date"),
        Column("issue_date"),
        Column("expiry_date"),
        Column("accreditation"),
        Column("accredited"),
        Column("suspension_reason"),
        Column("suspended_until"),
        Column("status_changed_on"),
        Column("decision"),
        Column("programme"),
        Column("confidential"),
    ),
)
