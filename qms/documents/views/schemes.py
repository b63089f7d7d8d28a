"""Numbering schemes (one per document type): generic pages, for managers."""

from __future__ import annotations

from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectUpdateView,
)
from qms.core.views.listing import ObjectListView

from ..filtersets import NumberingSchemeFilterSet
from ..forms import NumberingSchemeForm
from ..models import NumberingScheme
from ..services import numbering as services
from ..specs import NUMBERING_SCHEME


class NumberingSchemeListView(ObjectListView):
    model = NumberingScheme
    filterset_class = NumberingSchemeFilterSet
    columns = NUMBERING_SCHEME.columns
    title = "Numbering schemes"


class NumberingSchemeDetailView(ObjectDetailView):
    spec = NUMBERING_SCHEME


class NumberingSchemeCreateView(ObjectCreateView):
    spec = NUMBERING_SCHEME
    form_class = NumberingSchemeForm
    create_service = staticmethod(services.numbering_scheme_create)


class NumberingSchemeUpdateView(ObjectUpdateView):
    spec = NUMBERING_SCHEME
    form_class = NumberingSchemeForm
    update_service = staticmethod(services.numbering_scheme_update)


class NumberingSchemeDeleteView(ObjectDeleteView):
    spec = NUMBERING_SCHEME
    delete_service = staticmethod(services.numbering_scheme_delete)
