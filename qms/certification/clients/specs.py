"""Field specs of clients, their sites and contacts, applications and transfer reviews: what a
user may set (forms, serializers, the services' allow-lists), the list columns and exports.

Not in the editable fields, on purpose: the client's number (numbered by the service), its
consent to public listing (its own toggle, which records the date) and its linked
organization (its own form, with its own rule); an application's number, state and review
(written by the review workflow only).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import DEFAULT_READ_ONLY, ModelSpec
from qms.core.tables import Column

from ..models import Application, Client, ClientContact, ClientSite, TransferReview

CLIENT = ModelSpec(
    model=Client,
    fields=(
        "legal_name",
        "trading_name",
        "address",
        "country",
        "website",
        "status",
        "iaf_codes",
        "standards_requested",
        "notes",
    ),
    read_only=(
        "number",
        "public_listing_consent",
        "public_listing_consent_on",
        "linked_organization",
        *DEFAULT_READ_ONLY,
    ),
    columns=(
        Column("number", link=True),
        Column("legal_name", link=True),
        Column("trading_name"),
        Column("country"),
        Column("status"),
        Column("public_listing_consent", label=_("Public listing")),
    ),
    # The IAF codes, standards, consent and linked organization have sections of their own.
    detail=(
        Column("number"),
        Column("legal_name"),
        Column("trading_name"),
        Column("address"),
        Column("country"),
        Column("website"),
        Column("status"),
        Column("notes"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "address": forms.Textarea(attrs={"rows": 3}),
        "notes": forms.Textarea(attrs={"rows": 3}),
    },
)

CLIENT_SITE = ModelSpec(
    model=ClientSite,
    fields=(
        "client",
        "name",
        "address",
        "country",
        "is_central_function",
        "activities",
        "personnel",
        "shifts",
        "is_temporary",
    ),
    columns=(
        Column("name", link=True),
        Column("client.legal_name", label=_("Client"), sort="client__legal_name"),
        Column("country"),
        Column("is_central_function"),
        Column("personnel"),
        Column("shifts"),
    ),
    widgets={
        "address": forms.Textarea(attrs={"rows": 3}),
        "activities": forms.Textarea(attrs={"rows": 3}),
    },
)

CLIENT_CONTACT = ModelSpec(
    model=ClientContact,
    fields=("client", "name", "position", "email", "phone", "is_primary"),
    columns=(
        Column("name", link=True),
        Column("client.legal_name", label=_("Client"), sort="client__legal_name"),
        Column("position"),
        Column("email"),
        Column("phone"),
        Column("is_primary"),
    ),
)

BREAKDOWN = (
    "full_time",
    "shifts",
    "part_time",
    "part_time_hours",
    "full_time_hours",
    "seasonal",
    "contractors",
    "repetitive_reduction",
    "repetitive_reduction_justification",
)

APPLICATION = ModelSpec(
    model=Application,
    fields=(
        "client",
        "type",
        "received_on",
        "editions",
        "iaf_codes",
        "scope",
        "sites",
        "outsourced_processes",
        "consultancy",
        *BREAKDOWN,
        "complexity",
        "non_accredited",
        "non_accredited_reason",
    ),
    read_only=(
        "number",
        "status",
        "reviewer",
        "reviewed_on",
        "competence_check",
        "decision_reason",
        *DEFAULT_READ_ONLY,
    ),
    columns=(
        Column("number", link=True),
        Column("client.legal_name", label=_("Client"), sort="client__legal_name"),
        Column("type"),
        Column("status"),
        Column("received_on"),
        Column("reviewed_on"),
    ),
    # Standards, IAF codes, sites, personnel and the review have sections of their own.
    detail=(
        Column("number"),
        Column("client"),
        Column("type"),
        Column("received_on"),
        Column("scope"),
        Column("outsourced_processes"),
        Column("consultancy"),
        Column("complexity"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "received_on": forms.DateInput(attrs={"type": "date"}),
        "scope": forms.Textarea(attrs={"rows": 3}),
        "outsourced_processes": forms.Textarea(attrs={"rows": 2}),
        "consultancy": forms.Textarea(attrs={"rows": 2}),
        "repetitive_reduction_justification": forms.Textarea(attrs={"rows": 2}),
        "non_accredited_reason": forms.Textarea(attrs={"rows": 2}),
    },
)

TRANSFER_REVIEW = ModelSpec(
    model=TransferReview,
    fields=(
        "application",
        "issuing_body",
        "issuing_accreditation_body",
        "issuing_body_mla_signatory",
        "certificate_number",
        "certificate_expiry",
        "certificate_status",
        "reason",
        "open_major_ncs",
        "site_visit_needed",
        "checklist",
        "reviewed_on",
    ),
    read_only=("reviewer", *DEFAULT_READ_ONLY),
    columns=(
        Column("application.number", label=_("Application"), sort="application__number", link=True),
        Column("issuing_body"),
        Column("issuing_accreditation_body"),
        Column("certificate_number"),
        Column("certificate_expiry"),
        Column("certificate_status"),
        Column("open_major_ncs"),
        Column("reviewed_on"),
    ),
    # The checklist has a section of its own.
    detail=(
        Column("application"),
        Column("issuing_body"),
        Column("issuing_accreditation_body"),
        Column("issuing_body_mla_signatory"),
        Column("certificate_number"),
        Column("certificate_expiry"),
        Column("certificate_status"),
        Column("reason"),
        Column("open_major_ncs"),
        Column("site_visit_needed"),
        Column("reviewer"),
        Column("reviewed_on"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "certificate_expiry": forms.DateInput(attrs={"type": "date"}),
        "reviewed_on": forms.DateInput(attrs={"type": "date"}),
        "reason": forms.Textarea(attrs={"rows": 3}),
    },
)
