"""`{% actions_panel obj kind="corrective" cycle=obj.cycle %}`: a record's actions on its page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from ..panel import PANEL_TEMPLATE, panel_context

register = template.Library()


@register.inclusion_tag(PANEL_TEMPLATE, takes_context=True)
def actions_panel(
    context: template.Context,
    origin: models.Model,
    kind: str | None = None,
    cycle: int | None = None,
) -> dict[str, Any]:
    """The origin's actions (of `kind` and `cycle` when given) and, for a user who may add
    actions, an "Add action" form creating one with that origin, kind and cycle."""
    return panel_context(request=context["request"], origin=origin, kind=kind, cycle=cycle)
