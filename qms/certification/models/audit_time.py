"""A stored audit-time calculation (IAF MD 5): its inputs, the table version, the result
and its justification, kept as they were computed (domain spec §8.2). Never edited: a new
calculation is a new record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped

from ..choices import AuditTimeType


class AuditTimeCalculation(OrganizationScoped):
    """One run of the calculator, for an application or on its own (a quotation)."""

    number = models.CharField(_("number"), max_length=20, editable=False)
    application = models.ForeignKey(
        "certification.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_times",
        verbose_name=_("application"),
    )
    client = models.ForeignKey(
        "certification.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_times",
        verbose_name=_("client"),
    )
    audit_type = models.CharField(
        _("audit"), max_length=20, choices=AuditTimeType.choices, default=AuditTimeType.INITIAL
    )
    standards = models.CharField(_("standards"), max_length=200, editable=False)
    enp = models.DecimalField(
        _("effective number of personnel"), max_digits=10, decimal_places=2, editable=False
    )
    t_final = models.DecimalField(
        _("audit time (days)"), max_digits=6, decimal_places=1, editable=False
    )
    table_ref = models.CharField(_("table"), max_length=255, editable=False)
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    result = models.JSONField(_("result"), default=dict, editable=False)
    calculated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("calculated by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit-time calculation")
        verbose_name_plural = _("audit-time calculations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "-created_at", "-id"], name="cert_time_org_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.standards} · {self.t_final} d"

    def get_absolute_url(self) -> str:
        return reverse("certification:audittime_detail", args=[self.pk])
