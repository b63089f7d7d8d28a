"""Reminder rules of the certification body, delivered by `qms remind` (core.reminders):

- "certification.qualification_expiring": a qualification still valid today that ends within
  `qualification_reminder_days()` (60) days reminds the person and the certification
  managers, once per qualification and expiry date (a renewed qualification, with a new date,
  reminds again when it nears its end);
- "certification.accreditation_expiring": an active accreditation ending within
  `accreditation_reminder_days()` (90) days reminds the certification managers, once per
  accreditation and expiry date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from . import selectors

QUALIFICATION_EXPIRING = "certification.qualification_expiring"
ACCREDITATION_EXPIRING = "certification.accreditation_expiring"


def qualification_expiring_rule(today: date) -> Iterator[Reminder]:
    found = selectors.expiring_qualifications(
        today=today, within_days=selectors.qualification_reminder_days()
    )
    managers = selectors.certification_managers(organization_ids={q.organization_id for q in found})
    for qualification in found:
        until = qualification.valid_until.isoformat()
        recipients = {qualification.person_id: qualification.person}
        for manager in managers.get(qualification.organization_id, []):
            recipients.setdefault(manager.pk, manager)
        for recipient in recipients.values():
            yield Reminder(
                key=f"auditor-qualification:{qualification.pk}:expires:{until}",
                recipient=recipient,
                organization=qualification.organization,
                kind=QUALIFICATION_EXPIRING,
                title=(
                    _("Qualification of %(person)s for %(standard)s expires on %(date)s")
                    % {
                        "person": qualification.person,
                        "standard": qualification.standard,
                        "date": until,
                    }
                )[:200],
                body=_(
                    "After that day %(person)s can no longer be assigned to audits of "
                    "%(standard)s. Record the renewed qualification before it ends."
                )
                % {"person": qualification.person, "standard": qualification.standard},
                url=qualification.get_absolute_url(),
            )


def accreditation_expiring_rule(today: date) -> Iterator[Reminder]:
    found = selectors.expiring_accreditations(
        today=today, within_days=selectors.accreditation_reminder_days()
    )
    managers = selectors.certification_managers(organization_ids={a.organization_id for a in found})
    for accreditation in found:
        until = accreditation.valid_until.isoformat()
        for manager in managers.get(accreditation.organization_id, []):
            yield Reminder(
                key=f"accreditation:{accreditation.pk}:expires:{until}",
                recipient=manager,
                organization=accreditation.organization,
                kind=ACCREDITATION_EXPIRING,
                title=(
                    _("Accreditation %(accreditation)s expires on %(date)s")
                    % {"accreditation": accreditation, "date": until}
                )[:200],
                body=_(
                    "Certificates can be issued as accredited only while the accreditation is "
                    "in force. Record the renewal before it ends."
                ),
                url=accreditation.get_absolute_url(),
            )


def register() -> None:
    register_reminder_rule(QUALIFICATION_EXPIRING, qualification_expiring_rule)
    register_reminder_rule(ACCREDITATION_EXPIRING, accreditation_expiring_rule)
