"""Audit event types owned by the readiness report."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

SNAPSHOT_SAVED = register_event_type(
    "readiness.snapshot_saved", _("Stage 1 readiness report saved as a snapshot")
)
