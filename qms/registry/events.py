"""Audit event types owned by the registry (registered at import, from apps.ready)."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

SIGNING_KEY_CREATED = register_event_type(
    "registry.signing_key_created", _("Registry signing key created")
)
SIGNING_KEY_ROTATED = register_event_type(
    "registry.signing_key_rotated", _("Registry signing key rotated")
)
