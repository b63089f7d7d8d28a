"""The audits in the personal calendar feed (core.calendar): one entry per audit the person
leads, audits or is audited in — on its first day once set, otherwise on the 1st of its
planned month ("planned for <month>")."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.calendar import CalendarItem, register_calendar_source

from .selectors import audits_of_user

SOURCE = "internal_audits.audits"


def audits_source(user: object) -> Iterator[CalendarItem]:
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "qms"
    for audit in audits_of_user(user=user):
        if audit.start_on is not None:
            day = audit.start_on
            title = _("Internal audit %(audit)s") % {"audit": f"{audit.number} {audit.title}"}
        else:
            day = audit.planned_month
            title = _("Internal audit %(audit)s (planned for %(month)s)") % {
                "audit": f"{audit.number} {audit.title}",
                "month": audit.planned_month.strftime("%B %Y"),
            }
        yield CalendarItem(
            uid=f"internal-audit-{audit.pk}@{host}",
            title=title[:200],
            day=day,
            url=audit.get_absolute_url(),
            description=_("An internal audit you take part in."),
            organization_name=audit.organization.name,
        )


def register() -> None:
    register_calendar_source(SOURCE, audits_source)
