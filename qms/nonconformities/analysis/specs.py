"""The fields of analyses, 8D reports and dispositions, declared once (list columns, export,
detail rows, serializers). Who wrote them, when, the cycle and the status are never set by a
client: the services write them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from .models import Disposition, EightDReport, RootCauseAnalysis
from .services import ANALYSIS_FIELDS, DISPOSITION_FIELDS, EIGHT_D_FIELDS

ANALYSIS = ModelSpec(
    model=RootCauseAnalysis,
    fields=ANALYSIS_FIELDS,
    read_only=(
        "nonconformity",
        "cycle",
        "analysed_by",
        "analysed_at",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("nonconformity.number", _("Nonconformity"), sort="nonconformity__number", link=True),
        Column("cycle"),
        Column("root_cause", link=True, sort=False),
        Column("cause_category"),
        Column("analysed_by", sort="analysed_by__email"),
        Column("analysed_at"),
    ),
)

EIGHT_D = ModelSpec(
    model=EightDReport,
    fields=EIGHT_D_FIELDS,
    read_only=("nonconformity", "prepared_by", "version", "created_at", "updated_at"),
    columns=(
        Column("nonconformity.number", _("Nonconformity"), sort="nonconformity__number", link=True),
        Column("nonconformity.title", _("Title"), sort="nonconformity__title", link=True),
        Column("d8_date", _("Closed (D8)")),
        Column("prepared_by", sort="prepared_by__email"),
        Column("updated_at"),
    ),
    # The page shows the disciplines itself (the team is a many-to-many).
    detail=(
        Column("nonconformity", sort=False),
        Column("prepared_by", sort=False),
        Column("updated_at", sort=False),
    ),
)

DISPOSITION = ModelSpec(
    model=Disposition,
    fields=DISPOSITION_FIELDS,
    read_only=(
        "nonconformity",
        "replaces",
        "status",
        "recorded_by",
        "version",
        "created_at",
        "updated_at",
    ),
    columns=(
        Column("nonconformity.number", _("Nonconformity"), sort="nonconformity__number", link=True),
        Column("kind", link=True),
        Column("quantity"),
        Column("unit"),
        Column("status"),
        Column("authorised_by", sort="authorised_by__email"),
        Column("decided_on"),
    ),
)
