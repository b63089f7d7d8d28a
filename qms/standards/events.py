"""Audit event types owned by standards."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

STANDARD_ADOPTED = register_event_type("standard.adopted", _("Standard edition adopted"))
STANDARD_ADOPTION_UPDATED = register_event_type(
    "standard.adoption_updated", _("Adopted standard changed")
)
STANDARD_REMOVED = register_event_type("standard.removed", _("Adopted standard removed"))
CLAUSE_EXCLUDED = register_event_type("clause.excluded", _("Clause declared not applicable"))
CLAUSE_EXCLUSION_UPDATED = register_event_type(
    "clause.exclusion_updated", _("Clause exclusion justification changed")
)
CLAUSE_INCLUDED = register_event_type("clause.included", _("Clause declared applicable again"))
EVIDENCE_LINKED = register_event_type("evidence.linked", _("Evidence linked to a clause"))
EVIDENCE_UNLINKED = register_event_type("evidence.unlinked", _("Evidence unlinked from a clause"))
EVIDENCE_REVIEWED = register_event_type("evidence.reviewed", _("Clause evidence reviewed"))
EVIDENCE_UPDATED = register_event_type("evidence.updated", _("Clause evidence note changed"))
