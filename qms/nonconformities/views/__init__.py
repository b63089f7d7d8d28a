"""Pages of nonconformities, one module per concern (re-exported here)."""

from .checks import EffectivenessCheckDetailView, EffectivenessCheckListView
from .register import (
    NonconformityCreateView,
    NonconformityDetailView,
    NonconformityListView,
    NonconformityUpdateView,
)
from .reports import nonconformity_pdf

__all__ = [
    "EffectivenessCheckDetailView",
    "EffectivenessCheckListView",
    "NonconformityCreateView",
    "NonconformityDetailView",
    "NonconformityListView",
    "NonconformityUpdateView",
    "nonconformity_pdf",
]
