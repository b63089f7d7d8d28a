"""List columns and detail rows of grants and evidence requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core.tables import Column

GRANT_COLUMNS = (
    Column("number", link=True),
    Column("grantee_name", link=True),
    Column("firm"),
    Column("grantee_role"),
    Column("starts_at"),
    Column("ends_at"),
    Column("state_label", label=_("State"), sort=False),
    Column("open_requests", label=_("Open requests"), sort=False),
)

REQUEST_COLUMNS = (
    Column("number", link=True),
    Column("grant.number", label=_("Access"), sort="grant__number"),
    Column("grant.firm", label=_("Firm"), sort=False),
    Column("text", label=_("Request"), sort=False),
    Column("owner", sort="owner__email"),
    Column("due_date"),
    Column("status"),
    Column("overdue_label", label=_("Overdue"), sort=False),
)
