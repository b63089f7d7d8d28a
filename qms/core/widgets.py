"""A select box rendered in Python: the same HTML as Django's, at a fraction of the cost.

Django renders every `<option>` through two template includes. A country filter (250
choices) then costs tens of milliseconds per list page, more than everything else on the
page together. `FastSelect` writes the markup Django's `select.html`, `select_option.html`
and `attrs.html` write, with the same escaping, directly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's attrs.html: False drops the attribute, True writes its bare name."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(group_name)}">')
            for option in options:
                option_value = "" if option["value"] is None else str(option["value"])
                selected = " selected" if option["selected"] else ""
                extra = {k: v for k, v in option["attrs"].items() if k != "selected"}
                parts.append(
                    f'<option value="{escape(option_value)}"{_attrs(extra) if extra else ""}'
                    f"{selected}>{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def speed_up_selects(form: forms.BaseForm) -> None:
    """Give a form's plain select boxes the Python renderer (same markup)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            # The choices are read once per request (a lazy iterator, e.g. translated
            # country names, would be sorted again on every pass).
            fast = FastSelect(attrs=widget.attrs, choices=list(widget.choices))
            fast.is_required = widget.is_required
            field.widget = fast
