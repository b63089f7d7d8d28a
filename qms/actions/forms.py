"""Forms of the action pages, built from the field spec."""

from __future__ import annotations

from django.forms import modelform_factory

from qms.core.forms import TenantModelForm

from .models import Action
from .specs import ACTION

ActionForm = ACTION.form_class()

# The "Add action" form of an origin's panel: the origin decides the kind and the cycle.
PANEL_FIELDS = ("title", "owner", "due_date", "priority", "description")
PanelActionForm: type[TenantModelForm] = modelform_factory(  # type: ignore[assignment]
    Action,
    form=TenantModelForm,
    fields=PANEL_FIELDS,
    widgets={name: ACTION.widgets[name] for name in ("description", "due_date")},
)
