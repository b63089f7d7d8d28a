"""The fields of a complaint, declared once (form, serializers, services, list, export)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Complaint

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

COMPLAINT = ModelSpec(
    model=Complaint,
    fields=(
        "customer_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "reference",
        "received_on",
        "channel",
        "description",
        "acknowledgement_due",
        "acknowledged_on",
        "response",
        "response_sent_on",
        "justified",
        "owner",
    ),
    read_only=("number", "status", "nonconformity", "version", "created_at", "updated_at"),
    # The log shows what a complaints handler scans (it fits 1280 px); the export keeps every
    # field (EXPORT_COLUMNS), and the detail page shows the rest.
    columns=(
        Column("number", link=True),
        Column("received_on", label=_("Received")),
        Column("customer_name", label=_("Customer"), link=True),
        Column("reference", label=_("Reference")),
        Column("status"),
        Column("acknowledgement_due_label", label=_("Ack. due"), sort="acknowledgement_due"),
        Column("owner", sort="owner__email"),
        Column("nonconformity.number", label=_("NC"), sort="nonconformity__number"),
    ),
    # The detail page's first card; acknowledgement and response have their own card.
    detail=(
        Column("number"),
        Column("customer_name"),
        Column("contact_name"),
        Column("contact_email"),
        Column("contact_phone"),
        Column("reference"),
        Column("received_on"),
        Column("channel"),
        Column("status"),
        Column("owner"),
        Column("description"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "description": forms.Textarea(attrs={"rows": 5}),
        "response": forms.Textarea(attrs={"rows": 5}),
        "received_on": _DATE,
        "acknowledgement_due": _DATE,
        "acknowledged_on": _DATE,
        "response_sent_on": _DATE,
    },
)

# The CSV/XLSX export of the log: every column, those the page leaves to the detail page too.
EXPORT_COLUMNS = (
    Column("number"),
    Column("customer_name"),
    Column("received_on"),
    Column("channel"),
    Column("reference"),
    Column("status"),
    Column("acknowledgement_due"),
    Column("acknowledged_on"),
    Column("response_sent_on"),
    Column("justified"),
    Column("owner", sort="owner__email"),
    Column("nonconformity.number", label="Nonconformity", sort="nonconformity__number"),
)
