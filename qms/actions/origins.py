"""What a module says about its records as origins of actions.

A module whose records take actions may register a rule that says when a record takes no
new action, in words (a closed nonconformity: "reopen it first"):

    register_origin_rule(Nonconformity, nonconformity_takes_no_actions)

The rule is pure: it reads the record it is given and returns None or the reason. The
action service refuses a new action with that reason (next to the origin field) and the
actions panel shows the reason instead of its "Add action" control. A model without a rule
takes actions while it exists.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

OriginRule = Callable[[models.Model], "str | None"]

_RULES: dict[type[models.Model], OriginRule] = {}


def register_origin_rule(model: type[models.Model], rule: OriginRule) -> None:
    """Register `rule` for records of `model` (again with the same rule: a no-op)."""
    existing = _RULES.get(model)
    if existing is not None and existing is not rule:
        raise ValueError(f"{model._meta.label} has an origin rule already.")
    _RULES[model] = rule


def origin_refusal(origin: models.Model | None) -> str | None:
    """Why `origin` takes no new action now, or None when it does."""
    if origin is None:
        return None
    rule = _RULES.get(type(origin)._meta.concrete_model or type(origin))
    return rule(origin) if rule is not None else None
