"""`{% reading_panel document %}`: the document page's distribution and acknowledgement panel."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def reading_panel(context: dict[str, Any], document: Any) -> str:
    return ""
