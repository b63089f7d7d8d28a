"""Forms of the client portal and of the back office's portal and review pages (no rules:
the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import ClientContact


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (the evidence of a response)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ResponseForm(forms.Form):
    correction = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done to put the nonconformity itself right.",
    )
    root_cause = forms.CharField(label="Root cause", widget=forms.Textarea(attrs={"rows": 3}))
    corrective_action = forms.CharField(
        label="Corrective action",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What prevents it from happening again (for a minor: your plan and dates).",
    )
    evidence = MultipleFileField(
        label="Evidence files", required=False, help_text="Records, photos, procedures…"
    )


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What the client must change or add", widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(forms.Form):
    method = forms.ChoiceField(
        label="Verified by",
        choices=[("document_review", "Document review"), ("follow_up", "Follow-up visit")],
    )
    on = forms.DateField(
        label="Verified on", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    notes = forms.CharField(
        label="What you checked and found", widget=forms.Textarea(attrs={"rows": 3})
    )


class GrantForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=ClientContact.objects.none(), label="Contact")
    email = forms.EmailField(
        label="Log-in e-mail",
        required=False,
        help_text="Leave empty to use the contact's e-mail.",
    )

    def __init__(self, *args: Any, client: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact: Any = self.fields["contact"]
        contact.queryset = ClientContact.objects.filter(
            organization_id=client.organization_id, client=client
        ).order_by("-is_primary", "name", "id")


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))
