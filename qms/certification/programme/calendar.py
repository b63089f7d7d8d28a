"""Certification audits in the personal calendar feed (core.calendar): one entry per audit
(not cancelled) the person leads or is on the team of, on its first day once planned,
otherwise on its due-by date ("due by"), with the client's name and the kind of audit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.calendar import CalendarItem, register_calendar_source

from .selectors import audits_of_user

SOURCE = "certification.audits"


def audits_source(user: Any) -> Iterator[CalendarItem]:
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "qms"
    for audit in audits_of_user(user=user):
        values = {"audit": audit.get_kind_display(), "client": audit.programme.client.legal_name}
        if audit.start_date is not None:
            day = audit.start_date
            title = _("%(audit)s · %(client)s") % values
            if audit.end_date and audit.end_date != audit.start_date:
                description = _("Certification audit from %(first)s to %(last)s.") % {
                    "first": audit.start_date.isoformat(),
                    "last": audit.end_date.isoformat(),
                }
            else:
                description = _("Certification audit on %(first)s.") % {
                    "first": audit.start_date.isoformat()
                }
        elif audit.due_by is not None:
            day = audit.due_by
            title = _("Due by: %(audit)s · %(client)s") % values
            description = _("Not planned yet: due by %(date)s.") % {"date": day.isoformat()}
        else:
            continue
        yield CalendarItem(
            uid=f"certification-audit-{audit.pk}@{host}",
            title=title[:200],
            day=day,
            url=audit.get_absolute_url(),
            description=f"{description} {audit.programme.number}",
            organization_name=audit.organization.name,
        )


def register() -> None:
    register_calendar_source(SOURCE, audits_source)
