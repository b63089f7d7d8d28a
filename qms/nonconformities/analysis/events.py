"""Audit event types of the root-cause analysis, 8D reports and dispositions."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

ANALYSIS_CREATED = register_event_type(
    "root_cause_analysis.created", _("Root-cause analysis started")
)
ANALYSIS_UPDATED = register_event_type(
    "root_cause_analysis.updated", _("Root-cause analysis changed")
)
EIGHT_D_CREATED = register_event_type("eight_d_report.created", _("8D report started"))
EIGHT_D_UPDATED = register_event_type("eight_d_report.updated", _("8D report changed"))
DISPOSITION_RECORDED = register_event_type("disposition.recorded", _("Disposition recorded"))
DISPOSITION_VOIDED = register_event_type("disposition.voided", _("Disposition voided"))
