"""System checks that keep every tenant-scoped model on the rails (run by `make test`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import Error, Tags, register

from .permissions import MATRIX
from .querysets import TenantQuerySet


def tenant_models() -> list[type[Any]]:
    """Every concrete model read through for_user(): the tenant-scoped models of the product."""
    return [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), TenantQuerySet)
    ]


@register(Tags.models)
def check_tenant_models(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for model in tenant_models():
        label = model._meta.label_lower
        if label not in MATRIX:
            errors.append(
                Error(
                    f"{label} is organization-scoped but has no row in core.permissions.MATRIX.",
                    hint="Add the model's actions and roles to MATRIX.",
                    obj=model,
                    id="qms.E001",
                )
            )
        leading = [index.fields[0] for index in model._meta.indexes if index.fields]
        if "organization" not in leading:
            errors.append(
                Error(
                    f"{label} has no index that starts with 'organization'.",
                    hint="Add Meta.indexes = [Index(fields=['organization', <ordering>...])].",
                    obj=model,
                    id="qms.E002",
                )
            )
    return errors
