"""Forms of quality objectives: the objective (indicator choices from core.indicators), a
measurement (month input), a correction and a void (each with its reason)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.indicators import indicator_choices

from .specs import OBJECTIVE

_Base: Any = OBJECTIVE.form_class()


class ObjectiveForm(_Base):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"] = forms.ChoiceField(
            label=_("Indicator"),
            required=False,
            choices=[("", "—"), *indicator_choices()],
            help_text=_("Only for an objective computed by an indicator."),
        )
        policy = self.fields.get("policy")
        if policy is not None:
            policy.queryset = policy.queryset.filter(document_type="policy")


class PeriodField(forms.CharField):
    """A month (YYYY-MM, the browser's month input) or a date (YYYY-MM-DD)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = str(super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            if len(text) == 7:
                return datetime.date.fromisoformat(f"{text}-01")
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            raise forms.ValidationError(_("Enter the month as YYYY-MM.")) from None


class MeasurementForm(forms.Form):
    period = PeriodField(label=_("Period"), help_text=_("The month (or quarter) measured."))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CorrectForm(forms.Form):
    value = forms.DecimalField(label=_("Corrected value"), max_digits=14, decimal_places=4)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason for voiding"), max_length=500)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
