"""Scoped, time-boxed read-only access of a named external person (a certification body
auditor, a consultant) to an organization's records, and the evidence they request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from .choices import GranteeRole, GrantStatus, RequestStatus


class AccessGrant(OrganizationScoped):
    """Read-only access for one external person to a scope (standards, clauses, processes,
    record types) within a window. Never deleted: revoked with a reason; the window is
    extended or shortened as an audited change."""

    number = models.CharField(_("number"), max_length=30, editable=False)
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_grants",
        verbose_name=_("external person"),
        editable=False,
    )
    grantee_name = models.CharField(_("name"), max_length=150)
    grantee_email = models.EmailField(_("e-mail"))
    firm = models.CharField(
        _("organization or firm"),
        max_length=200,
        help_text=_('e.g. "Example Certification Ltd"'),
    )
    grantee_role = models.CharField(
        _("role"),
        max_length=30,
        choices=GranteeRole.choices,
        default=GranteeRole.CERTIFICATION_AUDITOR,
    )
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("e.g. Stage 1 audit"))
    starts_at = models.DateTimeField(_("access from"))
    ends_at = models.DateTimeField(_("access until"))
    editions = models.ManyToManyField(
        "standards.StandardEdition",
        related_name="+",
        verbose_name=_("standards"),
        help_text=_("The adopted standards the access covers."),
    )
    clauses = models.ManyToManyField(
        "standards.Clause",
        blank=True,
        related_name="+",
        verbose_name=_("clauses"),
        help_text=_("Leave empty for every clause of the chosen standards."),
    )
    processes = models.ManyToManyField(
        "organizations.Process",
        blank=True,
        related_name="+",
        verbose_name=_("processes"),
        help_text=_("Leave empty for every process."),
    )
    record_types = models.JSONField(
        _("record types"), default=list, help_text=_("The kinds of records the person may see.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GrantStatus.choices,
        default=GrantStatus.ACTIVE,
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
        editable=False,
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="access_grants_grant_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="access_grants_grant_window_order",
                violation_error_message=_("The access must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "-starts_at", "-id"], name="access_grant_org_start"
            ),
            models.Index(fields=["grantee", "status"], name="access_grant_grantee"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.grantee_name} ({self.firm})"

    def get_absolute_url(self) -> str:
        return reverse("access_grants:accessgrant_detail", args=[self.pk])

    @property
    def state(self) -> str:
        """revoked, scheduled (not started), open or expired: from the clock, now."""
        from django.utils import timezone

        from .rules import grant_state

        return grant_state(
            status=self.status, starts_at=self.starts_at, ends_at=self.ends_at, now=timezone.now()
        )

    @property
    def state_label(self) -> str:
        from .choices import GrantState

        return str(GrantState(self.state).label)


class EvidenceRequest(OrganizationScoped):
    """What the external person asks to see ("show me the calibration records for line 2"),
    answered by the organization with text, files and links to records. Tracked like an
    action: each open round has an action in the shared tracker for the owner."""

    grant = models.ForeignKey(
        AccessGrant,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("access grant"),
        editable=False,
    )
    number = models.CharField(_("number"), max_length=30, editable=False)
    text = models.TextField(_("request"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
        editable=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Who answers the request in the organization."),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        editable=False,
    )
    answer = models.TextField(_("answer"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
        editable=False,
    )
    linked_records = models.JSONField(
        _("linked records"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Records of the granted scope the answer points to: [[type key, id], ...]."),
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1, editable=False)

    class Meta:
        ordering = ["-number", "-id"]
        verbose_name = _("evidence request")
        verbose_name_plural = _("evidence requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="access_grants_request_unique_number"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "-number", "-id"], name="access_request_org_number"
            ),
            models.Index(fields=["grant", "status"], name="access_request_grant"),
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        from .rules import request_overdue

        return request_overdue(
            status=self.status, due_date=self.due_date, today=timezone.localdate()
        )

    @property
    def overdue_label(self) -> str:
        return str(_("Overdue")) if self.is_overdue else ""

    def get_absolute_url(self) -> str:
        return reverse("access_grants:evidencerequest_detail", args=[self.pk])
