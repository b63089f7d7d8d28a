"""The actions panel of an origin's page (`{% actions_panel obj kind=… cycle=… %}`) and its
"Add action" form.

The form is loaded lazily: the panel shows an "Add action" link (htmx swaps the form in;
without JavaScript the link opens the add page, which returns to the origin). Building and
rendering the form (its owner choices are every member of the organization) cost most of
an origin page; a page with two panels paid it twice for a form seldom opened.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from qms.core.permissions import role_has_perm

from .choices import ActionKind
from .forms import PanelActionForm
from .origins import origin_refusal
from .selectors import actions_of

PANEL_TEMPLATE = "actions/partials/_panel.html"
FORM_TEMPLATE = "actions/partials/_add_form.html"


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
    return bool(membership and role_has_perm(membership.roles, "actions.add_action"))


def panel_context(
    *,
    request: HttpRequest,
    origin: models.Model,
    kind: str | None = None,
    cycle: int | None = None,
    form: Any = None,
    with_form: bool = False,
) -> dict[str, Any]:
    """What the panel shows: the origin's actions (of that kind and cycle, when given) and,
    for a user who may add actions, the "Add action" link, or the form itself when it is
    given (errors to show) or `with_form` asks for it (the add page without JavaScript).
    The page has checked the user sees `origin`."""
    rows = actions_of(origin=origin)
    if kind:
        rows = rows.filter(kind=kind)
    if cycle:
        rows = rows.filter(cycle=cycle)
    may_add = may_add_actions(request)
    refusal = origin_refusal(origin) if may_add else None
    can_add = may_add and not refusal
    if can_add and form is None and with_form:
        form = new_panel_form(request=request, kind=kind)
    return {
        **form_context(origin=origin, kind=kind, cycle=cycle, form=form if can_add else None),
        "request": request,
        "origin": origin,
        "panel_actions": list(rows),
        "panel_kind_label": dict(ActionKind.choices).get(kind or "", ""),
        "panel_can_add": can_add,
        "panel_refusal": refusal,
        "today": timezone.localdate(),
    }


def form_context(
    *, origin: models.Model, kind: str | None, cycle: int | None, form: Any
) -> dict[str, Any]:
    """What the "Add action" form (and the link that loads it) needs: no query."""
    label = origin._meta.label_lower
    add_url = reverse("actions:action_add_to", args=[label, origin.pk])
    query = {"kind": kind} if kind else {}
    if cycle:
        query["cycle"] = str(cycle)
    return {
        "panel_kind": kind or "",
        "panel_cycle": cycle or "",
        "panel_form": form,
        "panel_add_url": add_url,
        "panel_open_url": f"{add_url}?{urlencode(query)}" if query else add_url,
        "panel_id": f"actions-{label.replace('.', '-')}-{origin.pk}-{kind or 'all'}",
    }


def new_panel_form(*, request: HttpRequest, kind: str | None) -> Any:
    """An empty "Add action" form of the panel of that kind."""
    return PanelActionForm(
        organization=request.organization,  # type: ignore[attr-defined]
        prefix=form_prefix(kind),
    )
