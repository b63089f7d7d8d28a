"""Reminder rules of the action tracker, delivered by `qms remind` (qms/core/reminders.py),
each (rule, key, person) once:

- "actions.due_soon": the owner of each open action due within N days (N = the
  organization's `action_reminder_days`, else the setting ACTIONS_REMINDER_DAYS). A run that
  missed the exact day (the worker was down) still sends it while the action is due within
  N days; a new due date makes a new key, a done or cancelled action gets none.
- "actions.overdue": the owner of each open action whose due date has passed (the first
  run after the due date sends it).
- "actions.weekly_digest": on settings.DIGEST_WEEKDAY (0 = Monday), or the first run after
  it in the same ISO week, one e-mail per person and organization with open actions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from .models import Action
from .selectors import actions_due_between, actions_overdue, open_actions_by_person

MAX_REMINDER_DAYS = 60
DIGEST_SOON_DAYS = 7


def _day(value: date) -> str:
    return value.strftime("%a %d %b %Y")


def reminder_days(organization: Any) -> int:
    """How many days before the due date the organization's action owners are reminded."""
    days = getattr(organization, "action_reminder_days", None)
    if days is None:
        days = settings.ACTIONS_REMINDER_DAYS
    return max(0, min(int(days), MAX_REMINDER_DAYS))


def due_soon_rule(today: date) -> Iterator[Reminder]:
    candidates = actions_due_between(first=today, last=today + timedelta(days=MAX_REMINDER_DAYS))
    for action in candidates:
        if action.due_date > today + timedelta(days=reminder_days(action.organization)):
            continue
        days = (action.due_date - today).days
        when = _("today") if days == 0 else _("in %(days)s day(s)") % {"days": days}
        yield Reminder(
            key=f"action:{action.pk}:due_soon:{action.due_date.isoformat()}",
            recipient=action.owner,
            organization=action.organization,
            kind="actions.due_soon",
            title=(_("Action due %(when)s: %(action)s") % {"when": when, "action": action})[:200],
            body=_("%(number)s is due on %(date)s.")
            % {"number": action.number, "date": _day(action.due_date)},
            url=action.get_absolute_url(),
        )


def overdue_rule(today: date) -> Iterator[Reminder]:
    for action in actions_overdue(today=today):
        yield Reminder(
            key=f"action:{action.pk}:overdue:{action.due_date.isoformat()}",
            recipient=action.owner,
            organization=action.organization,
            kind="actions.overdue",
            title=(_("Action overdue: %(action)s") % {"action": action})[:200],
            body=_("%(number)s was due on %(date)s. Complete it, or ask for a new due date.")
            % {"number": action.number, "date": _day(action.due_date)},
            url=action.get_absolute_url(),
        )


def digest_week(today: date) -> tuple[int, int] | None:
    """(ISO year, week) when a digest may go out `today`: on the digest weekday or later in
    the same ISO week (a missed run catches up); None before the weekday."""
    weekday = settings.DIGEST_WEEKDAY % 7
    if today.weekday() < weekday:
        return None
    iso = today.isocalendar()
    return iso.year, iso.week


def digest_body(*, organization: Any, actions: list[Action], today: date) -> str:
    """The plain-text digest of one person's open actions in one organization."""
    base = settings.BASE_URL
    soon_end = today + timedelta(days=DIGEST_SOON_DAYS)
    overdue = [a for a in actions if a.due_date < today]
    soon = [a for a in actions if today <= a.due_date <= soon_end]
    rest = len(actions) - len(overdue) - len(soon)

    def line(action: Action) -> str:
        link = f"{base}{action.get_absolute_url()}"
        return f"  - {action.number}  {action.title}\n    due {_day(action.due_date)}  {link}"

    parts = [
        _("Your open actions in %(organization)s, week of %(date)s:")
        % {"organization": organization.name, "date": _day(today)},
        "",
    ]
    parts.append(_("OVERDUE (%(count)s)") % {"count": len(overdue)})
    parts.extend([line(a) for a in overdue] or ["  " + _("none")])
    parts.append("")
    parts.append(_("DUE IN THE NEXT 7 DAYS (%(count)s)") % {"count": len(soon)})
    parts.extend([line(a) for a in soon] or ["  " + _("none")])
    parts.append("")
    parts.append(_("LATER: %(count)s more open action(s)") % {"count": rest})
    parts.append("")
    parts.append(_("All your actions: %(url)s") % {"url": base + reverse("actions:my_actions")})
    return "\n".join(parts)


def weekly_digest_rule(today: date) -> Iterator[Reminder]:
    week = digest_week(today)
    if week is None:
        return
    year, number = week
    rows = open_actions_by_person()
    for (_org, _owner), group in groupby(rows, key=lambda a: (a.organization_id, a.owner_id)):
        actions = list(group)
        first = actions[0]
        overdue = sum(1 for a in actions if a.due_date < today)
        yield Reminder(
            key=f"digest:{first.organization_id}:{first.owner_id}:{year}-W{number:02d}",
            recipient=first.owner,
            organization=first.organization,
            kind="actions.weekly_digest",
            title=_("Your actions this week: %(open)s open, %(overdue)s overdue")
            % {"open": len(actions), "overdue": overdue},
            body=digest_body(organization=first.organization, actions=actions, today=today),
            url=reverse("actions:my_actions"),
        )


def register() -> None:
    register_reminder_rule("actions.due_soon", due_soon_rule)
    register_reminder_rule("actions.overdue", overdue_rule)
    register_reminder_rule("actions.weekly_digest", weekly_digest_rule)
