"""The actions panel of an origin's page (`{% actions_panel obj kind=… cycle=… %}`) and its
htmx "Add action" form."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from qms.core.permissions import role_has_perm

from .choices import ActionKind
from .forms import PanelActionForm
from .selectors import actions_of

PANEL_TEMPLATE = "actions/partials/_panel.html"


def origin_cycle(origin: models.Model) -> int:
    """The origin's current action cycle (1 for a record without cycles): a posted value
    is never trusted."""
    cycle = getattr(origin, "cycle", None)
    return cycle if isinstance(cycle, int) and not isinstance(cycle, bool) and cycle >= 1 else 1


def form_prefix(kind: str | None) -> str:
    """Each panel's form has its own field ids (a page may show several panels)."""
    return f"new-{kind or ActionKind.ACTION}"


def may_add_actions(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and role_has_perm(membership.role, "actions.add_action"))


def panel_context(
    *,
    request: HttpRequest,
    origin: models.Model,
    kind: str | None = None,
    cycle: int | None = None,
    form: Any = None,
) -> dict[str, Any]:
    """What the panel shows: the origin's actions (of that kind and cycle, when given) and,
    for a user who may add actions, the form. The page has checked the user sees `origin`."""
    label = origin._meta.label_lower
    rows = actions_of(origin=origin)
    if kind:
        rows = rows.filter(kind=kind)
    if cycle:
        rows = rows.filter(cycle=cycle)
    can_add = may_add_actions(request)
    if can_add and form is None:
        form = PanelActionForm(
            organization=request.organization,  # type: ignore[attr-defined]
            prefix=form_prefix(kind),
        )
    kind_label = dict(ActionKind.choices).get(kind or "", "")
    return {
        "request": request,
        "origin": origin,
        "panel_actions": list(rows),
        "panel_kind": kind or "",
        "panel_kind_label": kind_label,
        "panel_cycle": cycle or "",
        "panel_form": form if can_add else None,
        "panel_add_url": reverse("actions:action_add_to", args=[label, origin.pk]),
        "panel_id": f"actions-{label.replace('.', '-')}-{origin.pk}-{kind or 'all'}",
        "today": timezone.localdate(),
    }
