"""Forms of internal audits: the programme, a programme process, an audit (criteria from
the adopted standards; the planned month as a month input) and the follow-up."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .specs import AUDIT, PROGRAMME, PROGRAMME_PROCESS

ProgrammeForm: Any = PROGRAMME.form_class()


class MonthField(forms.DateField):
    """A month (YYYY-MM, the browser's month input) or a date; stored as the 1st."""

    widget = forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"}, format="%Y-%m")

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value or "").strip()
        if not text:
            return None
        try:
            if len(text) == 7:
                return datetime.date.fromisoformat(f"{text}-01")
            return datetime.date.fromisoformat(text[:10]).replace(day=1)
        except ValueError:
            raise forms.ValidationError(_("Enter the month as YYYY-MM."), code="invalid") from None


_RowBase: Any = PROGRAMME_PROCESS.form_class()


class ProgrammeProcessForm(_RowBase):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = self.fields["process"].queryset.exclude(status="retired")
        if self.instance.pk:
            self.fields["process"].disabled = True


_AuditBase: Any = AUDIT.form_class()


class AuditForm(_AuditBase):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from qms.standards.selectors import clause_choices

        self.fields["clauses"].queryset = clause_choices(organization=self.organization)
        self.fields["clauses"].help_text = _(
            "The clauses of your adopted standards this audit checks against (its criteria)."
        )
        month = MonthField(label=_("Planned month"))
        month.initial = self.fields["planned_month"].initial
        self.fields["planned_month"] = month
        self.fields["plan"].help_text = _(
            "Markdown: agenda, times, people to meet, documents to read."
        )


class FollowUpForm(forms.Form):
    planned_month = MonthField(label=_("Planned month"))
