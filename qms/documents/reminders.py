"""Reminder rules of documents, delivered by `qms remind` (qms/core/reminders.py), each
(rule, key, person) once:

- "documents.review_due": the owner of each active document whose periodic review is due
  within 14 days or overdue; a new due date (after a review) makes a new key.
- "documents.acknowledgement_due": each reader whose acknowledgement of an effective
  revision is due within 3 days or overdue.

Registered from `DocumentsConfig.ready()` through `register()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from qms.core.reminders import Reminder, register_reminder_rule

from .selectors.reading import acknowledgements_due_reminders
from .selectors.reviews import documents_review_reminders

REVIEW_REMINDER_DAYS = 14
ACKNOWLEDGEMENT_REMINDER_DAYS = 3


def _url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def review_due_rule(today: date) -> Iterator[Reminder]:
    documents = documents_review_reminders(within=today + timedelta(days=REVIEW_REMINDER_DAYS))
    for document in documents:
        due = document.next_review_on
        if due is None:  # filtered out by the query
            continue
        overdue = due < today
        title = (
            _("Periodic review overdue: %(document)s")
            if overdue
            else _("Periodic review due: %(document)s")
        ) % {"document": f"{document.number} {document.title}"}
        yield Reminder(
            key=f"document:{document.pk}:review:{due}",
            recipient=document.owner,
            organization=document.organization,
            kind="documents.review_due",
            title=title[:200],
            body=_("Review it by %(date)s: confirm it is still right, or start a revision.")
            % {"date": due.strftime("%d %b %Y")},
            url=_url("documents:document_review", document.pk)
            or _url("documents:document_detail", document.pk),
        )


def acknowledgement_due_rule(today: date) -> Iterator[Reminder]:
    pending = acknowledgements_due_reminders(
        within=today + timedelta(days=ACKNOWLEDGEMENT_REMINDER_DAYS)
    )
    for item in pending:
        if item.due_on is None:  # filtered out by the query
            continue
        document = item.revision.document
        yield Reminder(
            key=f"acknowledgement:{item.pk}:{item.due_on}",
            recipient=item.user,
            organization=item.organization,
            kind="documents.acknowledgement_due",
            title=(
                _("Please read %(document)s rev. %(revision)s")
                % {
                    "document": f"{document.number} {document.title}",
                    "revision": item.revision.number,
                }
            )[:200],
            body=_("Your acknowledgement is due on %(date)s.")
            % {"date": item.due_on.strftime("%d %b %Y")},
            url=_url("documents:to_read"),
        )


def register() -> None:
    register_reminder_rule("documents.review_due", review_due_rule)
    register_reminder_rule("documents.acknowledgement_due", acknowledgement_due_rule)
