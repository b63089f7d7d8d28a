"""System checks that keep every tenant-scoped model and API view on the rails (`make test`
runs them, and so does every start-up).

- qms.E001: a tenant model without registered permissions (`register_permissions`).
- qms.E002: a tenant model without an index that starts with `organization`.
- qms.E003: an API view guarded by `TenantPermission` that has no model and does not say
  why (`tenant_permission_exempt = "<reason>"`), or an `@action` that does not declare its
  `permission_action`: such a view would otherwise be allowed or refused by a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.urls import URLPattern, URLResolver, get_resolver

from .permissions import registered_permissions
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
    registry = registered_permissions()
    for model in tenant_models():
        label = model._meta.label_lower
        if label not in registry:
            errors.append(
                Error(
                    f"{label} is organization-scoped but has no registered permissions.",
                    hint=(
                        f"Call register_permissions({label!r}, {{action: roles}}) from "
                        "the app's <app>/permissions.py in AppConfig.ready()."
                    ),
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


# --- API views ---------------------------------------------------------------------------


def api_routes(namespace: str = "api") -> Iterator[tuple[str, Any]]:
    """(URL name, view callback) of every route under the URL namespace, in URLconf order."""
    resolver = get_resolver()
    _prefix, root = resolver.namespace_dict[namespace]

    def walk(patterns: list[Any]) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace is None:  # a nested namespace is another API
                    yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.name or "", pattern.callback

    yield from walk(root.url_patterns)


def _guarded_by_tenant_permission(classes: Any) -> bool:
    from .api.permissions import TenantPermission

    return any(isinstance(c, type) and issubclass(c, TenantPermission) for c in classes or ())


def api_view_errors(routes: Any) -> list[Error]:
    """qms.E003 for each (name, callback) whose view would be decided by a guess."""
    errors: list[Error] = []
    seen: set[type[Any]] = set()
    for name, callback in routes:
        cls = getattr(callback, "cls", None)
        if cls is None or cls in seen:
            continue
        seen.add(cls)
        guarded = _guarded_by_tenant_permission(getattr(cls, "permission_classes", ()))
        model = getattr(getattr(cls, "queryset", None), "model", None)
        if guarded and model is None and not getattr(cls, "tenant_permission_exempt", ""):
            errors.append(
                Error(
                    f"API view {cls.__module__}.{cls.__qualname__} ({name}) uses "
                    "TenantPermission but has no model.",
                    hint=(
                        "Set `queryset = Model.objects.none()`, or declare "
                        '`tenant_permission_exempt = "<why it reads no tenant data>"`.'
                    ),
                    obj=cls,
                    id="qms.E003",
                )
            )
        for extra in getattr(cls, "get_extra_actions", list)():
            kwargs = getattr(extra, "kwargs", {})
            classes = kwargs.get("permission_classes", getattr(cls, "permission_classes", ()))
            if _guarded_by_tenant_permission(classes) and not kwargs.get("permission_action"):
                errors.append(
                    Error(
                        f"@action {extra.__name__} of {cls.__module__}.{cls.__qualname__} "
                        "declares no permission_action.",
                        hint='Pass it to the decorator: @action(..., permission_action="<verb>").',
                        obj=cls,
                        id="qms.E003",
                    )
                )
    return errors


@register(Tags.urls)
def check_api_views(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return api_view_errors(api_routes())
