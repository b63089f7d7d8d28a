"""Personal iCalendar feeds: a secret, revocable URL per person that calendar programs poll.

Modules contribute dated items with `register_calendar_source(name, fn)`, where `fn(user)`
returns `CalendarItem`s for that person (the action tracker: their open actions in every
organization they belong to). The feed URL `/calendar/<token>.ics` needs no log-in: the
token is the credential, so only its SHA-256 is stored (a leaked database holds no usable
URL), it is looked up by that hash (no comparison of secrets in Python), and rotating or
revoking it answers 404 for the old URL at once.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import record_event, register_event_type
from .secret_hash import hash_secret

logger = logging.getLogger(__name__)

CALENDAR_FEED_CREATED = register_event_type("calendar_feed.created", _("Calendar feed created"))
CALENDAR_FEED_ROTATED = register_event_type(
    "calendar_feed.rotated", _("Calendar feed address replaced")
)
CALENDAR_FEED_REVOKED = register_event_type("calendar_feed.revoked", _("Calendar feed revoked"))

TOKEN_BYTES = 32
# Writing last_used_at on every poll would be a write per calendar refresh: once an hour is
# enough to tell the user the feed is in use.
LAST_USED_PRECISION = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarItem:
    """One all-day entry of a person's calendar. `uid` must be stable for the same thing
    (e.g. "action-42@qms") so calendar programs update it instead of adding a copy; `url`
    is a path inside the product."""

    uid: str
    title: str
    day: date
    url: str = ""
    description: str = ""
    organization_name: str = ""


CalendarSource = Callable[[Any], Iterable[CalendarItem]]
_SOURCES: dict[str, CalendarSource] = {}


def register_calendar_source(name: str, source: CalendarSource) -> None:
    """Register `source(user) -> Iterable[CalendarItem]` under `name` (from an app's ready();
    the same function again is a no-op, another one under a taken name an error)."""
    existing = _SOURCES.get(name)
    if existing is not None and existing is not source:
        raise ValueError(f"Calendar source {name!r} is registered twice.")
    _SOURCES[name] = source


def unregister_calendar_source(name: str) -> None:
    _SOURCES.pop(name, None)


def calendar_items(user: Any) -> list[CalendarItem]:
    """Every source's items for the user, by day (a failing source is logged and skipped)."""
    items: list[CalendarItem] = []
    for name, source in sorted(_SOURCES.items()):
        try:
            items.extend(source(user))
        except Exception:  # one broken module must not take everyone's calendar down
            logger.exception("Calendar source %s failed", name)
    return sorted(items, key=lambda item: (item.day, item.uid))


class CalendarFeed(models.Model):
    """One secret feed address of one person; a new address revokes the previous one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        indexes = [models.Index(fields=["user", "revoked_at"], name="core_calfeed_user_active")]

    def __str__(self) -> str:
        return f"Calendar feed #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def hash_token(token: str) -> str:
    return hash_secret(token)


# --- Services --------------------------------------------------------------------------------


def _audit_data(feed: CalendarFeed) -> dict[str, Any]:
    return {"feed": feed.pk, "user": feed.user_id}  # never the token or its hash


def calendar_feed_create(*, actor: Any) -> tuple[CalendarFeed, str]:
    """A new feed address for the actor; any active one is revoked (a rotation). Returns the
    feed and its token, which is shown once and never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        now = timezone.now()
        previous = list(
            CalendarFeed.objects.select_for_update().filter(user_id=actor.pk, revoked_at=None)
        )
        for old in previous:
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
        feed = CalendarFeed.objects.create(user_id=actor.pk, token_hash=hash_token(token))
        record_event(
            actor=actor,
            event_type=CALENDAR_FEED_ROTATED if previous else CALENDAR_FEED_CREATED,
            subject=feed,
            data={**_audit_data(feed), "replaced": [old.pk for old in previous]},
        )
    return feed, token


def calendar_feed_revoke(*, actor: Any) -> int:
    """Revoke the actor's active feed address(es); returns how many were active."""
    with transaction.atomic():
        active = list(
            CalendarFeed.objects.select_for_update().filter(user_id=actor.pk, revoked_at=None)
        )
        now = timezone.now()
        for feed in active:
            feed.revoked_at = now
            feed.save(update_fields=["revoked_at"])
            record_event(
                actor=actor, event_type=CALENDAR_FEED_REVOKED, subject=feed, data=_audit_data(feed)
            )
    return len(active)


def calendar_feed_active(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at=None).first()


def calendar_feed_user(*, token: str) -> Any | None:
    """The active user behind a feed token, or None (unknown, revoked, inactive account).
    The lookup is by the token's hash through the unique index: no secret is compared."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at=None)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user


def calendar_ics(*, user: Any, base_url: str) -> bytes:
    """The user's feed as iCalendar bytes: one all-day VEVENT per item, stable UIDs and
    absolute links."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{settings.SITE_NAME}: {user.email}")
    stamp = timezone.now()
    for item in calendar_items(user):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.title)
        link = f"{base_url}{item.url}" if item.url.startswith("/") else item.url
        lines = [line for line in (item.organization_name, item.description, link) if line]
        if lines:
            event.add("description", "\n".join(lines))
        if link:
            event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
