"""The register of effectiveness checks (read-only: the workflow's verify steps write them)."""

from __future__ import annotations

from typing import Any, ClassVar

from qms.core.tables import Column
from qms.core.views.generic import ObjectDetailView
from qms.core.views.listing import ObjectListView

from ..filtersets import EffectivenessCheckFilterSet
from ..models import EffectivenessCheck
from ..specs import EFFECTIVENESS_CHECK


class EffectivenessCheckListView(ObjectListView):
    model = EffectivenessCheck
    filterset_class = EffectivenessCheckFilterSet
    columns = EFFECTIVENESS_CHECK.columns
    title = "Effectiveness checks"


class EffectivenessCheckDetailView(ObjectDetailView):
    spec = EFFECTIVENESS_CHECK
    fields: ClassVar[Any] = (*EFFECTIVENESS_CHECK.columns, Column("notes"))
