"""`panel|rights_for:request`: what the request's member may do on a nonconformity's analysis
panel, with every role they hold (`AnalysisPanel.may_*`)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def rights_for(panel: Any, request: Any) -> dict[str, bool]:
    membership = getattr(request, "membership", None)
    roles = membership.roles if membership is not None else frozenset()
    user_id = getattr(getattr(request, "user", None), "pk", None)
    if panel is None:
        return {"edit": False, "add_disposition": False, "void_disposition": False}
    return {
        "edit": panel.may_edit(roles, user_id),
        "add_disposition": panel.may_add_disposition(roles, user_id),
        "void_disposition": panel.may_void_disposition(roles, user_id),
    }
