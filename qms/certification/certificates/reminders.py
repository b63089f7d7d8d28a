"""Reminder rules of the certificates, delivered by `qms remind` (qms/core/reminders.py) to
the certification managers of the body, each (rule, key, person) once:

- "certification.certificate_expiring": an active certificate expiring within
  EXPIRING_DAYS (90) days: the recertification decision must come before its expiry.
- "certification.suspension_overdue": a suspension whose deadline has passed; `qms
  certificates daily` withdraws it, or a manager withdraws it or reduces its scope by hand.

The state changes themselves (expiry, withdrawal) are made by `qms certificates daily`, not
here: a reminder rule must not write (`qms remind --dry-run` runs the rules too).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from ..body.selectors import certification_managers
from . import selectors

EXPIRING = "certification.certificate_expiring"
SUSPENSION_OVERDUE = "certification.suspension_overdue"
EXPIRING_DAYS = 90


def expiring_rule(today: date) -> Iterator[Reminder]:
    certificates = selectors.expiring_within(today=today, days=EXPIRING_DAYS)
    managers = certification_managers(organization_ids={c.organization_id for c in certificates})
    for certificate in certificates:
        if certificate.expiry_date is None:  # filtered out by the query
            continue
        for manager in managers.get(certificate.organization_id, []):
            yield Reminder(
                key=f"certificate:{certificate.pk}:expiring:{certificate.expiry_date.isoformat()}",
                recipient=manager,
                organization=certificate.organization,
                kind=EXPIRING,
                title=(
                    _("Certificate %(number)s of %(client)s expires on %(date)s")
                    % {
                        "number": certificate.number,
                        "client": certificate.client.legal_name,
                        "date": certificate.expiry_date.isoformat(),
                    }
                )[:200],
                body=_("Without a recertification decision before then it expires."),
                url=certificate.get_absolute_url(),
            )


def suspension_overdue_rule(today: date) -> Iterator[Reminder]:
    certificates = selectors.suspensions_overdue(today=today)
    managers = certification_managers(organization_ids={c.organization_id for c in certificates})
    for certificate in certificates:
        if certificate.suspended_until is None:  # filtered out by the query
            continue
        for manager in managers.get(certificate.organization_id, []):
            yield Reminder(
                key=f"certificate:{certificate.pk}:suspension:"
                f"{certificate.suspended_until.isoformat()}",
                recipient=manager,
                organization=certificate.organization,
                kind=SUSPENSION_OVERDUE,
                title=(
                    _("Suspension of %(number)s (%(client)s) passed its deadline")
                    % {"number": certificate.number, "client": certificate.client.legal_name}
                )[:200],
                body=_("Withdraw the certificate or reduce its scope (deadline %(date)s).")
                % {"date": certificate.suspended_until.isoformat()},
                url=certificate.get_absolute_url(),
            )


def register() -> None:
    register_reminder_rule(EXPIRING, expiring_rule)
    register_reminder_rule(SUSPENSION_OVERDUE, suspension_overdue_rule)
