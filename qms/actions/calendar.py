"""The action tracker's entries in personal calendar feeds (qms/core/calendar.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings

from qms.core.calendar import CalendarItem, register_calendar_source

from .selectors import open_actions_of_user


def _describe(action: Any) -> str:
    text = f"{action.get_kind_display()}, {action.get_priority_display().lower()} priority"
    return f"{text}. From {action.origin_label}" if action.origin_label else text


def open_actions_source(user: Any) -> Iterator[CalendarItem]:
    """The user's open actions, in every organization they are a member of, on their due dates."""
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "qms"
    for action in open_actions_of_user(user=user):
        yield CalendarItem(
            uid=f"action-{action.pk}@{host}",
            title=f"{action.number} {action.title}",
            day=action.due_date,
            url=action.get_absolute_url(),
            description=_describe(action),
            organization_name=action.organization.name,
        )


def register() -> None:
    register_calendar_source("actions.open_actions", open_actions_source)
