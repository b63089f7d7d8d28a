"""The documents app's models, one module per concern (re-exported here)."""

from .distribution import Acknowledgement, DocumentDistribution, DocumentReview
from .document import Document, DocumentRevision, NumberingScheme

__all__ = [
    "Acknowledgement",
    "Document",
    "DocumentDistribution",
    "DocumentReview",
    "DocumentRevision",
    "NumberingScheme",
]
