"""Forms of the decision and certificate pages (input only; the services hold the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.standards.models import IafCode

from ..choices import DecisionKind, SuspensionReason
from ..models import CertAudit, ClientSite

DATE = forms.DateInput(attrs={"type": "date"})


class DecisionOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision on"), choices=DecisionKind.choices)
    audits = forms.ModelMultipleChoiceField(
        label=_("Audits the decision rests on"),
        queryset=CertAudit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: the done audits a decision of this kind rests on."),
    )

    def __init__(self, *args: Any, audits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["audits"]
        field.queryset = audits


class ReviewForm(forms.Form):
    reviewer_notes = forms.CharField(
        label=_("Technical review notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audit_time_justification = forms.CharField(
        label=_("Why the audit time differs from the calculation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DecideForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons (required)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Re-enter your password to sign the decision electronically (“Decided”)."),
    )


class GrantForm(DecideForm):
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    effective_date = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=DATE,
        help_text=_("On or after the decision date; empty: the decision date."),
    )
    scope = forms.CharField(
        label=_("Scope of certification as printed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=ClientSite.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    iaf_codes = forms.ModelMultipleChoiceField(
        label=_("IAF codes"),
        queryset=IafCode.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: the programme's."),
    )

    def __init__(self, *args: Any, sites: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field: Any = self.fields["sites"]
        site_field.queryset = sites
        code_field: Any = self.fields["iaf_codes"]
        code_field.queryset = codes


class SuspendForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Why"), choices=[("", "—"), *SuspensionReason.choices])
    reason = forms.CharField(
        label=_("Reason in words (required)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    until = forms.DateField(
        label=_("Suspended until"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the body's maximum suspension (usually 6 months)."),
    )
    justification = forms.CharField(
        label=_("Justification of a longer suspension"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReissueForm(forms.Form):
    holder_name = forms.CharField(label=_("Certified organization"), max_length=255)
    holder_address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))
    sites_text = forms.CharField(
        label=_("Sites as printed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("What changed and why (required)"), widget=forms.Textarea(attrs={"rows": 2})
    )
