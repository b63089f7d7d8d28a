"""A saved (frozen) Stage 1 readiness report. The live report is computed on every request
(selectors.readiness_report); a snapshot keeps one version of it so the organization can show
its history and share a fixed copy."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import OrganizationScoped


class ReadinessSnapshot(OrganizationScoped):
    """The readiness report as computed at `taken_at` (the whole report in `data`)."""

    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taken by"),
    )
    percentage = models.DecimalField(
        _("readiness (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    data = models.JSONField(_("report"), default=dict, editable=False)

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("readiness snapshot")
        verbose_name_plural = _("readiness snapshots")
        indexes = [
            models.Index(fields=["organization", "-taken_at", "-id"], name="rdy_snapshot_org_taken")
        ]

    def __str__(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M} · {self.percentage} %"

    def get_absolute_url(self) -> str:
        return reverse("readiness:readinesssnapshot_detail", args=[self.pk])
