"""Abstract base models every domain model builds on, and the core tables."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import TenantManager, TenantQuerySet


class BaseModel(models.Model):
    """Creation and update times on every table, and a version for optimistic locking.

    `version` starts at 1 and goes up by one with every change written through the core
    helpers (`model_update`, `model_transition`); an edit based on an older version is
    refused instead of overwriting what someone else saved in between.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class OrganizationScoped(BaseModel):
    """Data that belongs to one organization (the tenant).

    Read it only through `Model.objects.for_user(user, action, organization=…)` (the default
    manager refuses unscoped reads outside core, services and selectors). Concrete models
    declare an index that starts with `organization` for their default ordering (system
    check qms.E002 enforces it) and register their permissions from their app's `ready()`
    with `core.permissions.register_permissions` (qms.E001).
    """

    organization = models.ForeignKey(
        settings.TENANT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )

    # Refuses unscoped reads outside core, services, selectors, demo and tests.
    objects: ClassVar[TenantQuerySet[Any]] = TenantManager()

    # Field names left out of audit snapshots (besides the timestamps).
    audit_exclude: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


class Sequence(models.Model):
    """Per-organization counters behind human document numbers such as NC-2026-0001."""

    organization = models.ForeignKey(
        settings.TENANT_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organization", "key", "year"]
        verbose_name = _("number sequence")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key", "year"], name="core_sequence_unique_key_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}-{self.year}: {self.last_value}"


from .audit import AuditChain, AuditEvent  # noqa: E402  (models defined beside their logic)

__all__ = ["AuditChain", "AuditEvent", "BaseModel", "OrganizationScoped", "Sequence"]
