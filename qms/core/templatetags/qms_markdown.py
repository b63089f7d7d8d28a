"""`{{ text|markdown }}`: a user's Markdown as sanitised HTML (qms.core.markdown)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="markdown", is_safe=True)
def markdown(value: Any) -> SafeString:
    """Render Markdown; raw HTML in the text is shown as text, never run."""
    return render_markdown("" if value is None else str(value))
