"""Reminders: rules that say who must be reminded of what on a day, and a runner that
delivers each reminder once.

A module registers a rule from its AppConfig.ready():

    register_reminder_rule("documents.review_due", review_due_reminders)

where the rule takes the day and returns `Reminder`s. Each reminder carries a `key` chosen
by the rule ("document:12:review:2026-12-01"): the runner (`reminders_run`, the `qms remind`
command, run daily) delivers a reminder only if its (rule, key, recipient) has never been
delivered, so a second run the same day, or two runs at once, send no second copy, while a
new due date (a new key) makes a new reminder.

Each delivery is one transaction: insert the `ReminderDelivery` row (a unique constraint on
rule, key and recipient; an IntegrityError means it was already delivered), create the
notification (`core.notifications.notify`, whose e-mail is queued on commit) and record one
"reminder.delivered" audit event in the organization's chain. That event is the audit record
of the reminder; the notification itself records none (see core.notifications).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import record_event, register_event_type
from .notifications import Notification, notify

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User

logger = logging.getLogger(__name__)

REMINDER_DELIVERED = register_event_type("reminder.delivered", _("Reminder sent"))


@dataclass(frozen=True)
class Reminder:
    """One reminder a rule wants delivered to one person (once per key)."""

    key: str
    recipient: User
    organization: Any
    kind: str
    title: str
    body: str = ""
    url: str = ""


ReminderRule = Callable[[date], Iterable[Reminder]]

_RULES: dict[str, ReminderRule] = {}


def register_reminder_rule(name: str, rule: ReminderRule) -> None:
    """Register `rule` under `name` (a dotted name such as "documents.review_due").

    Registering the same function again under its name is a no-op (ready() may run twice in
    some test set-ups); another function under a taken name is a programming error.
    """
    if not name or len(name) > 100:
        raise ValueError("A reminder rule needs a name of 1 to 100 characters.")
    existing = _RULES.get(name)
    if existing is not None and existing is not rule:
        raise ValueError(f"Reminder rule {name!r} is registered twice.")
    _RULES[name] = rule


def unregister_reminder_rule(name: str) -> None:
    """Remove a rule (tests)."""
    _RULES.pop(name, None)


def reminder_rules() -> Mapping[str, ReminderRule]:
    return dict(_RULES)


class ReminderDelivery(models.Model):
    """That one reminder (rule, key) reached one person: written before the notification, in
    the same transaction, so the unique constraint decides who sends."""

    rule = models.CharField(_("rule"), max_length=100)
    key = models.CharField(_("key"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    organization = models.ForeignKey(
        settings.TENANT_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )
    run_date = models.DateField(_("run for"))
    delivered_at = models.DateTimeField(_("delivered"), default=timezone.now)

    class Meta:
        ordering = ["-delivered_at", "-id"]
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "key", "recipient"],
                name="core_reminderdelivery_unique_rule_key_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.key} → {self.recipient_id}"


@dataclass
class RuleReport:
    """What one rule did in a run (with dry_run: what it would do)."""

    name: str
    sent: int = 0
    already_sent: int = 0
    skipped: int = 0  # to inactive accounts: neither sent nor recorded
    error: str = ""


@dataclass
class RunReport:
    today: date
    dry_run: bool
    rules: list[RuleReport] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(rule.sent for rule in self.rules)

    @property
    def already_sent(self) -> int:
        return sum(rule.already_sent for rule in self.rules)

    @property
    def failed(self) -> list[RuleReport]:
        return [rule for rule in self.rules if rule.error]


def reminder_deliver(*, rule: str, reminder: Reminder, today: date) -> bool:
    """Deliver one reminder unless its (rule, key, recipient) was delivered before.

    True if delivered now, False if it had been (by an earlier or a concurrent run).
    """
    organization = reminder.organization
    try:
        with transaction.atomic():
            delivery = ReminderDelivery.objects.create(
                rule=rule,
                key=reminder.key,
                recipient_id=reminder.recipient.pk,
                organization=organization,
                run_date=today,
            )
            notifications = notify(
                recipients=[reminder.recipient],
                organization=organization,
                kind=reminder.kind,
                title=reminder.title,
                body=reminder.body,
                url=reminder.url,
            )
            if notifications:
                delivery.notification = notifications[0]
                delivery.save(update_fields=["notification"])
            record_event(
                actor=None,
                event_type=REMINDER_DELIVERED,
                subject=delivery,
                organization_id=organization.pk if organization is not None else None,
                data={
                    "rule": rule,
                    "key": reminder.key,
                    "kind": reminder.kind,
                    "recipient": reminder.recipient.pk,
                    "title": reminder.title,
                    "date": today.isoformat(),
                },
            )
    except IntegrityError:
        return False
    return True


def _delivered(rule: str, reminder: Reminder) -> bool:
    return ReminderDelivery.objects.filter(
        rule=rule, key=reminder.key, recipient_id=reminder.recipient.pk
    ).exists()


def reminders_run(*, today: date, dry_run: bool = False) -> RunReport:
    """Run every registered rule for `today` and deliver what is due and not yet delivered.

    A rule that raises is reported (`RuleReport.error`) and the others still run; reminders
    to inactive accounts are skipped (not recorded, so they are delivered if the account is
    active again while the rule still returns them). With `dry_run`, nothing is written or
    sent: `sent` counts what would be sent.
    """
    report = RunReport(today=today, dry_run=dry_run)
    for name, rule in sorted(_RULES.items()):
        outcome = RuleReport(name=name)
        report.rules.append(outcome)
        try:
            reminders = list(rule(today))
            for reminder in reminders:
                if not reminder.recipient.is_active:
                    outcome.skipped += 1
                    continue
                if dry_run:
                    done = _delivered(name, reminder)
                else:
                    done = not reminder_deliver(rule=name, reminder=reminder, today=today)
                if done:
                    outcome.already_sent += 1
                else:
                    outcome.sent += 1
        except Exception as error:  # one broken rule must not stop the others
            logger.exception("Reminder rule %s failed", name)
            outcome.error = f"{type(error).__name__}: {error}"
    return report
