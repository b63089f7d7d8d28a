"""Abstract base models every domain model builds on, and the core tables."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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

    def validate_constraints(self, exclude: Any = None) -> None:
        """Django reports a unique constraint over expressions (`Lower("name")`) as an error
        about the whole object; we put it beside the one field it is about, so forms and
        the API show "already exists" next to `name`."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise _unique_errors_beside_fields(self, error) from None


def _unique_errors_beside_fields(instance: models.Model, error: ValidationError) -> ValidationError:
    messages = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
    if not messages:
        return error
    owners: dict[str, str] = {}
    for constraint in instance._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.expressions:
            names = {
                ref
                for expression in constraint.expressions
                for ref in _field_refs(expression)
                if ref not in ("organization", "organization_id")
            }
            if len(names) == 1:
                owners[str(constraint.get_violation_error_message())] = names.pop()
    moved: dict[str, list[ValidationError]] = {}
    for message in messages:
        field = owners.get(str(message.message % (message.params or {})))
        moved.setdefault(field or NON_FIELD_ERRORS, []).append(message)
    others = {key: value for key, value in error.error_dict.items() if key != NON_FIELD_ERRORS}
    for key, value in others.items():
        moved.setdefault(key, []).extend(value)
    return ValidationError(moved)


def _field_refs(expression: Any) -> list[str]:
    """The field names an expression such as `Lower("name")` reads."""
    if isinstance(expression, models.F):
        return [expression.name]
    found: list[str] = []
    for source in getattr(expression, "get_source_expressions", list)():
        found += _field_refs(source)
    return found


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


from .attachments import Attachment  # noqa: E402  (defined beside its services)
from .audit import AuditChain, AuditEvent  # noqa: E402  (models defined beside their logic)
from .calendar import CalendarFeed  # noqa: E402, F401  (defined beside its services)
from .imports.models import ImportRun  # noqa: E402, F401  (defined beside its services)
from .notifications import Notification  # noqa: E402, F401  (defined beside its services)
from .reminders import ReminderDelivery  # noqa: E402, F401  (defined beside its runner)
from .search import SearchEntry  # noqa: E402, F401  (defined beside its selector)
from .signatures import Signature  # noqa: E402  (defined beside its services)

__all__ = [
    "Attachment",
    "AuditChain",
    "AuditEvent",
    "BaseModel",
    "OrganizationScoped",
    "Sequence",
    "Signature",
]
