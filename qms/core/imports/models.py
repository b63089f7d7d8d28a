"""ImportRun: the record of one import (dry run or real), the "job" a user sees in history."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..audit import register_event_type
from ..models import OrganizationScoped

IMPORT_RUN = register_event_type("import.run", _("Import run"))


class ImportStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("Imported")
    FAILED = "failed", _("Failed: nothing imported")
    DRY_RUN_OK = "dry_run_ok", _("Dry run: ready to import")
    DRY_RUN_FAILED = "dry_run_failed", _("Dry run: errors found")


class ImportRun(OrganizationScoped):
    """One upload checked (dry run) or imported, with its report. Written once, never changed."""

    kind = models.CharField(_("import"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("created"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_error = models.PositiveIntegerField(_("rows with errors"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)

    # The report can hold thousands of rows: the audit event keeps the summary only.
    audit_exclude: ClassVar[tuple[str, ...]] = ("report",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [
            models.Index(
                fields=["organization", "kind", "-created_at", "-id"],
                name="core_importrun_org_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("core:importrun_detail", args=[self.pk])

    @property
    def succeeded(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.DRY_RUN_OK)

    def status_class(self) -> str:
        return "badge-ok" if self.succeeded else "badge-muted"

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows_total,
            "created": self.rows_created,
            "updated": self.rows_updated,
            "unchanged": self.rows_unchanged,
            "error": self.rows_error,
        }
