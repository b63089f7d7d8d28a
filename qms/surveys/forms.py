"""Forms of surveys that need more than a field spec: inviting customers (rows or a pasted
list), and the public answer form (built from the survey's questions)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.invitations import Invitee

_LINE = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>\s*$")
ROWS = 5


def parse_invitee_lines(text: str) -> tuple[list[Invitee], list[str]]:
    """`Name <email>` per line (blank lines skipped) -> invitees, and one message per line
    that does not read so ("Line 3: …")."""
    invitees, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(
                f"Line {number}: write the customer's name, then the address in angle brackets, "
                "e.g. Acme Retail <buyer@acme-retail.example>."
            )
            continue
        invitees.append(Invitee(customer_name=match["name"].strip(), email=match["email"]))
    return invitees, problems


class InviteForm(forms.Form):
    """Several rows (name, e-mail, optional contact) and/or a pasted list."""

    survey: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Survey"), queryset=None)
    pasted = forms.CharField(
        label=_("Paste a list"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        # Shown as HTML by Django's form templates: the angle brackets are escaped here.
        help_text=_(
            "One customer per line: the name, then the address in angle brackets, e.g. "
            "Acme Retail &lt;buyer@acme-retail.example&gt;."
        ),
    )

    def __init__(self, *args: Any, surveys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]
        for row in range(1, ROWS + 1):
            # Each row is a fieldset with the legend "Customer <n>" (invite.html).
            self.fields[f"name_{row}"] = forms.CharField(
                label=_("Name"), required=False, max_length=200
            )
            self.fields[f"email_{row}"] = forms.EmailField(
                label=_("E-mail"), required=False, max_length=254
            )
            self.fields[f"contact_{row}"] = forms.CharField(
                label=_("Contact person (optional)"), required=False, max_length=200
            )

    def row_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"name_{row}"], self[f"email_{row}"], self[f"contact_{row}"])
            for row in range(1, ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        invitees: list[Invitee] = []
        for row in range(1, ROWS + 1):
            name = (data.get(f"name_{row}") or "").strip()
            email = (data.get(f"email_{row}") or "").strip()
            contact = (data.get(f"contact_{row}") or "").strip()
            if not (name or email or contact):
                continue
            if not name:
                self.add_error(f"name_{row}", _("Enter the customer's name."))
            if not email and f"email_{row}" not in self.errors:
                self.add_error(f"email_{row}", _("Enter the e-mail address."))
            if name and email:
                invitees.append(Invitee(customer_name=name, email=email, contact=contact))
        pasted, problems = parse_invitee_lines(data.get("pasted") or "")
        for problem in problems:
            self.add_error("pasted", problem)
        invitees.extend(pasted)
        if not invitees and not self.errors:
            raise forms.ValidationError(_("Fill in at least one row or paste a list."))
        data["invitees"] = invitees
        return data
