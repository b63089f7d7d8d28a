"""The fields of nonconformities and effectiveness checks, declared once.

Forms, serializers, services (their allow-lists), list columns, exports and detail pages read
these. The number, the state, the action cycle and who reported or closed it are never set by
a client: the services and the workflow write them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import EffectivenessCheck, Nonconformity

NONCONFORMITY = ModelSpec(
    model=Nonconformity,
    fields=(
        "title",
        "description",
        "source",
        "severity",
        "process",
        "detected_on",
        "owner",
        "product_reference",
        "quantity_affected",
        "quantity_unit",
        "containment",
        "correction",
        "verification_due",
        "risk",
    ),
    read_only=(
        "number",
        "status",
        "cycle",
        "reported_by",
        "closed_at",
        "closed_by",
        "risk_reference",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("number", link=True, sort="id"),
        Column("title", link=True),
        Column("severity"),
        Column("status"),
        Column("process", sort="process__name"),
        Column("owner", _("Responsible"), sort="owner__email"),
        # then "Age" (days since detection, drawn by the register's template; the detection
        # date itself is on the detail page and in the export): seven columns fit 1280 px.
    ),
    widgets={
        "description": forms.Textarea(attrs={"rows": 4}),
        "containment": forms.Textarea(attrs={"rows": 3}),
        "correction": forms.Textarea(attrs={"rows": 3}),
        "detected_on": forms.DateInput(attrs={"type": "date"}),
        "verification_due": forms.DateInput(attrs={"type": "date"}),
    },
)

# The register's CSV/XLSX export: the list's columns, then what an analysis of the register
# needs besides them.
EXPORT_COLUMNS = (
    *NONCONFORMITY.columns,
    Column("detected_on"),
    Column("source"),
    Column("product_reference"),
    Column("quantity_affected"),
    Column("quantity_unit"),
    Column("verification_due"),
    Column("cycle"),
    Column("risk.number", _("Risk"), sort=False),
    Column("reported_by"),
    Column("closed_at"),
)

EFFECTIVENESS_CHECK = ModelSpec(
    model=EffectivenessCheck,
    fields=(),
    read_only=(
        "nonconformity",
        "cycle",
        "effective",
        "checked_by",
        "checked_on",
        "planned_on",
        "notes",
        "created_at",
    ),
    columns=(
        Column("nonconformity", link=True, sort="nonconformity__number"),
        Column("cycle"),
        Column("effective"),
        Column("checked_by", sort="checked_by__email"),
        Column("checked_on"),
        Column("planned_on"),
    ),
)
