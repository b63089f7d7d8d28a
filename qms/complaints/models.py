from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import ComplaintChannel, ComplaintStatus, Justified


class Complaint(OrganizationScoped):
    """A customer complaint (ISO 9001 §9.1.2, §8.2.1): received, acknowledged, answered and
    closed, and escalated to a nonconformity when it reveals one."""

    number = models.CharField(_("number"), max_length=30, editable=False)
    customer_name = models.CharField(_("customer"), max_length=200)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    reference = models.CharField(
        _("product or order reference"), max_length=200, blank=True, help_text=_("e.g. PO-4471")
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=ComplaintChannel.choices,
        default=ComplaintChannel.EMAIL,
    )
    description = models.TextField(_("description"))
    acknowledgement_due = models.DateField(
        _("acknowledgement due"),
        null=True,
        blank=True,
        help_text=_("Left empty: the received date plus the organization's acknowledgement days."),
    )
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    response_sent_on = models.DateField(_("response sent on"), null=True, blank=True)
    justified = models.CharField(
        _("justified"), max_length=20, choices=Justified.choices, default=Justified.UNDETERMINED
    )
    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("nonconformity"),
        help_text=_("Set by escalating the complaint."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
        editable=False,
        help_text=_("Changed only through the complaint workflow."),
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="complaints_complaint_unique_number",
                violation_error_message=_("A complaint with this number already exists."),
            ),
            models.UniqueConstraint(
                fields=["nonconformity"],
                condition=models.Q(nonconformity__isnull=False),
                name="complaints_complaint_unique_nonconformity",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-received_on", "-id"], name="cmp_org_received"),
            models.Index(
                fields=["organization", "status", "acknowledgement_due"], name="cmp_org_status_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.customer_name}" if self.number else self.customer_name

    def get_absolute_url(self) -> str:
        return reverse("complaints:complaint_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        received = self.received_on
        if received and self.acknowledgement_due and self.acknowledgement_due < received:
            errors["acknowledgement_due"] = str(
                _("The acknowledgement cannot be due before the complaint was received.")
            )
        if received and self.acknowledged_on and self.acknowledged_on < received:
            errors["acknowledged_on"] = str(
                _("A complaint cannot be acknowledged before it was received.")
            )
        if received and self.response_sent_on and self.response_sent_on < received:
            errors["response_sent_on"] = str(
                _("A response cannot be sent before the complaint was received.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def acknowledgement_overdue(self) -> bool:
        """Received, not yet acknowledged, and past the acknowledgement due date."""
        from .rules import acknowledgement_overdue

        return self.status == ComplaintStatus.RECEIVED and acknowledgement_overdue(
            acknowledged_on=self.acknowledged_on,
            due=self.acknowledgement_due,
            today=timezone.localdate(),
        )

    @property
    def acknowledgement_due_label(self) -> str:
        """The log's cell: the due date, marked when overdue ("2026-11-20 (overdue)"); the
        acknowledgement date once acknowledged."""
        if self.acknowledged_on is not None:
            return str(_("done %(date)s") % {"date": self.acknowledged_on.isoformat()})
        if self.acknowledgement_due is None:
            return ""
        due = self.acknowledgement_due.isoformat()
        if self.acknowledgement_overdue:
            return str(_("%(date)s (overdue)") % {"date": due})
        return due

    @property
    def is_escalated(self) -> bool:
        return self.nonconformity_id is not None
