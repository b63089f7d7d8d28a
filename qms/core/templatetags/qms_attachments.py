"""`{% attachments_panel object %}`: a record's attachments on its detail page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from ..views.attachments import PANEL_TEMPLATE, attachment_panel

register = template.Library()


@register.inclusion_tag(PANEL_TEMPLATE, takes_context=True)
def attachments_panel(context: template.Context, subject: models.Model) -> dict[str, Any]:
    """The list, upload form and removal of the record's files (the page has already
    checked that the user may view the record)."""
    request = context["request"]
    return {**attachment_panel(request=request, subject=subject), "request": request}
