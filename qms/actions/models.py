"""The one action tracker of the product: every module attaches its actions here.

An action may point at the record it came from (a nonconformity, later an audit finding, a
review decision, a risk…) through a generic relation: no module needs a table of its own.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import OPEN_STATES, ActionKind, ActionPriority, ActionStatus


def overdue_q(today: date) -> models.Q:
    """The actions still to do whose due date has passed: `Action.is_overdue` as a filter."""
    return models.Q(status__in=OPEN_STATES, due_date__lt=today)


class Action(OrganizationScoped):
    """Something one person must do by a date, and the record it is for."""

    number = models.CharField(_("number"), max_length=20, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ActionKind.choices, default=ActionKind.ACTION
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=ActionPriority.choices, default=ActionPriority.NORMAL
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The person who does it: an active member of the organization."),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        editable=False,
        help_text=_("Changed only through the action workflow (start, complete, cancel, reopen)."),
    )
    origin_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("origin type"),
    )
    origin_id = models.PositiveBigIntegerField(
        _("origin id"), null=True, blank=True, editable=False
    )
    origin = GenericForeignKey("origin_type", "origin_id")
    origin_label = models.CharField(_("origin"), max_length=255, blank=True, editable=False)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1, editable=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("completed by"),
    )
    completion_note = models.TextField(_("completion note"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )

    signature_fields: ClassVar[tuple[str, ...]] = (
        "number",
        "title",
        "description",
        "kind",
        "owner",
        "due_date",
        "completion_note",
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="actions_action_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(origin_type__isnull=True, origin_id__isnull=True)
                | models.Q(origin_type__isnull=False, origin_id__isnull=False),
                name="actions_action_origin_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "due_date", "id"], name="act_org_due"),
            models.Index(fields=["organization", "status", "due_date"], name="act_org_status_due"),
            models.Index(fields=["organization", "owner", "status"], name="act_org_owner_status"),
            models.Index(fields=["origin_type", "origin_id"], name="act_origin"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        """Still to do and its due date has passed (in the installation's time zone)."""
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def due_state(self) -> str:
        """ "Overdue" for an overdue action, in words (lists and exports do not rely on colour)."""
        return str(_("Overdue")) if self.is_overdue else ""

    @property
    def origin_type_label(self) -> str:
        """ "nonconformities.nonconformity" for an action of a nonconformity ("" for none)."""
        return f"{self.origin_type.app_label}.{self.origin_type.model}" if self.origin_type else ""
