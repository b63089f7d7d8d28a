"""Notifications: a personal inbox per user, and an e-mail for each message.

Any module tells people something with `notify(recipients=…, organization=…, kind=…,
title=…)` inside its own service transaction. The rows are written in that transaction; the
e-mails are queued on commit (one task per notification, `qms.core.tasks`), so a rolled-back
operation leaves no notification and sends nothing. The worker (`qms worker`) sends them.

A notification belongs to its recipient only: every read here starts from
`Notification.objects.for_recipient(user)`, so anyone else's notification is not found (404).
It is not tenant data (a user reads their inbox across organizations), so it is not read
through `for_user()`; `organization` only says which organization it is about.

Audit choice: notifications are personal messages, not records of the quality system. The
action that caused one (a document approved, a review due) is audited by its own service,
and each delivered reminder is audited by `core.reminders` ("reminder.delivered"); creating
a notification, e-mailing it and marking it read record no audit event of their own, which
would only repeat those events and flood the organization's chain with inbox clicks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User

_KIND = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def validate_kind(value: str) -> None:
    if not _KIND.match(value):
        raise ValidationError(
            _("Use a dotted lower-case name such as “document.review_due”."), code="invalid"
        )


def validate_local_path(value: str) -> None:
    """A link inside the product: an absolute path, never another site (`//host`, `https:`)."""
    if value and (not value.startswith("/") or value.startswith("//") or "\\" in value):
        raise ValidationError(
            _("Give a path inside the product, starting with a single “/”."), code="invalid"
        )


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, user: Any) -> NotificationQuerySet:
        """The user's own notifications (none for an anonymous user)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unread_first(self) -> NotificationQuerySet:
        unread = Case(
            When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return self.order_by(unread, "-created_at", "-id")


class Notification(models.Model):
    """One message to one person, shown in their inbox and, if asked, sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
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
    kind = models.CharField(_("kind"), max_length=100, validators=[validate_kind])
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, validators=[validate_local_path])
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # "My unread, newest first", the header's unread count and the inbox page.
            models.Index(
                fields=["recipient", "read_at", "-created_at", "-id"],
                name="core_notification_inbox",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# --- Services ----------------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable[User],
    organization: Any,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one notification per recipient in the caller's transaction and return them.

    `organization` is the tenant the message is about (None for none).

    Each recipient counts once; inactive accounts get nothing. With `email`, one task per
    notification is queued when the transaction commits (nothing if it rolls back); the task
    sends the e-mail and sets `emailed_at`. A title over 200 characters is shortened; a
    malformed kind or url raises ValidationError before anything is written.
    """
    limit = Notification._meta.get_field("title").max_length or 200
    if len(title) > limit:  # a long record name must not make the caller's operation fail
        title = title[: limit - 1].rstrip() + "…"
    people: dict[int, User] = {}
    for person in recipients:
        if person.pk is not None and person.is_active:
            people.setdefault(person.pk, person)
    rows = [
        Notification(
            recipient_id=person.pk,
            organization=organization,
            kind=kind,
            title=title,
            body=body,
            url=url,
        )
        for person in people.values()
    ]
    for row in rows:
        row.full_clean(exclude=["recipient", "organization"])
    with transaction.atomic():
        for row in rows:
            row.save(force_insert=True)
        if email:
            from .tasks import enqueue_on_commit, send_notification_email  # tasks call services

            for row in rows:
                if row.recipient.email:
                    enqueue_on_commit(send_notification_email, notification_id=row.pk)
    return rows


def notification_send_email(*, notification_id: int) -> bool:
    """E-mail one notification to its recipient, once: True if sent now, False if it was
    sent before, no longer exists or its recipient has no usable address. Run by the task
    queue, never in a request; a failed send raises and leaves `emailed_at` empty."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "organization")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            return False
        context = {
            "notification": notification,
            "link": f"{settings.BASE_URL}{notification.url}" if notification.url else "",
            "inbox": f"{settings.BASE_URL}/notifications/",
            "site_name": settings.SITE_NAME,
        }
        title = " ".join(notification.title.split())  # no line breaks in a mail header
        subject = f"[{settings.SITE_NAME}] {title}"
        message = render_to_string("core/notifications/email.txt", context)
        send_mail(subject, message, None, [recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (already read: unchanged). Anyone
    else's notification does not exist for the actor (`Notification.DoesNotExist`)."""
    with transaction.atomic():
        row = Notification.objects.for_recipient(actor).select_for_update().get(pk=notification.pk)
        if row.read_at is None:
            row.read_at = timezone.now()
            row.save(update_fields=["read_at"])
    return row


def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark all the actor's unread notifications read; returns how many."""
    with transaction.atomic():
        return Notification.objects.for_recipient(actor).unread().update(read_at=timezone.now())


# --- Selectors ---------------------------------------------------------------------------


def notification_list(*, user: Any, unread: bool | None = None) -> NotificationQuerySet:
    """The user's notifications, unread first, then newest (with their organizations)."""
    queryset = Notification.objects.for_recipient(user).select_related("organization")
    if unread is True:
        queryset = queryset.unread()
    elif unread is False:
        queryset = queryset.filter(read_at__isnull=False)
    return queryset.unread_first()


def notification_get(*, user: Any, pk: int) -> Notification:
    """One of the user's own notifications; `Notification.DoesNotExist` for anyone else's."""
    return Notification.objects.for_recipient(user).get(pk=pk)


def notifications_unread_count(*, user: Any) -> int:
    """How many unread notifications the user has (one indexed COUNT)."""
    return Notification.objects.for_recipient(user).unread().count()
