"""Finds the factory of any model: every app's tests/factories.py is scanned, then its
tests/factories_<area>.py modules (a large app keeps its areas' factories beside their test
worlds), in name order."""

from __future__ import annotations

import inspect
import pkgutil
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps

_FACTORIES: dict[type[Any], Any] | None = None


def _scan() -> dict[type[Any], Any]:
    import factory

    found: dict[type[Any], Any] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.factories"
        if not config.name.startswith("qms.") or find_spec(name) is None:
            continue
        for module_name in [name, *_area_modules(f"{config.name}.tests")]:
            for _n, obj in inspect.getmembers(import_module(module_name), inspect.isclass):
                if issubclass(obj, factory.Factory) and obj._meta.model is not None:
                    found.setdefault(obj._meta.model, obj)
    return found


def _area_modules(package: str) -> list[str]:
    """The package's factories_<area> modules, in name order."""
    path = import_module(package).__path__
    return sorted(
        f"{package}.{info.name}"
        for info in pkgutil.iter_modules(path)
        if info.name.startswith("factories_")
    )


def factory_for(model: type[Any]) -> Any:
    global _FACTORIES
    if _FACTORIES is None:
        _FACTORIES = _scan()
    if model not in _FACTORIES:
        raise LookupError(f"No factory for {model._meta.label}: add one to its tests/factories.py.")
    return _FACTORIES[model]
