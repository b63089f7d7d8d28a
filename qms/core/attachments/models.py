"""The Attachment table: one file attached to one record of any module."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import OrganizationScoped
from ..querysets import TenantManager, TenantQuerySet
from .validation import INLINE_MIME_TYPES


def attachment_path(*, organization_id: int, app_label: str, extension: str) -> str:
    """Where a file is stored: `org-<id>/<app_label>/<yyyy>/<random hex><.ext>`.

    Per tenant, so an organization's files can be found, moved or deleted together; the
    user's file name is never part of the path (it is kept in `Attachment.name`), and the
    extension is the canonical one of the detected type.
    """
    year = timezone.now().year
    return f"org-{organization_id}/{app_label}/{year:04d}/{uuid.uuid4().hex}{extension}"


class AttachmentQuerySet(TenantQuerySet["Attachment"]):
    def for_subject(self, subject: models.Model) -> AttachmentQuerySet:
        organization_id: int | None = getattr(subject, "organization_id", None)
        if organization_id is None:
            return self.none()
        content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
        return self.filter(
            organization_id=organization_id,
            content_type=content_type,
            object_id=subject.pk,
        )

    def present(self) -> AttachmentQuerySet:
        """Not removed."""
        return self.filter(removed_at__isnull=True)


class AttachmentManager(TenantManager.from_queryset(AttachmentQuerySet)):  # type: ignore[misc]
    """Scoped like every tenant manager."""


class Attachment(OrganizationScoped):
    """A file attached to a record. Never deleted: removal hides it, with who, when and why,
    and keeps the file and this row (regulated records lose nothing silently)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    subject = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), max_length=255)
    name = models.CharField(_("name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.TextField(_("reason for removal"), blank=True)

    objects: ClassVar[AttachmentQuerySet] = AttachmentManager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(
                fields=["organization", "content_type", "object_id", "-id"],
                name="core_attachment_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:attachment_detail", args=[self.pk])

    @property
    def download_url(self) -> str:
        return reverse("core:attachment_download", args=[self.pk])

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def may_show_inline(self) -> bool:
        """PDF and images may open in the browser; everything else is downloaded."""
        return self.mime_type in INLINE_MIME_TYPES

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Attachments are removed with attachment_remove(), never deleted.")
