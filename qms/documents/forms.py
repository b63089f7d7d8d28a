"""Forms of the register's pages, built from the field specs (specs.py). No rules here: the
services decide (numbers, drafts only, reviewers of the organization)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import TenantModelForm
from qms.standards.forms import ClauseMultipleChoiceField

from .models import Document, DocumentRevision, NumberingScheme
from .services.numbering import pattern_errors
from .specs import DOCUMENT, NUMBERING_SCHEME, REVISION


def clause_field(organization: Any) -> forms.Field:
    """The standards module's chooser: clauses of the organization's adopted editions."""
    return ClauseMultipleChoiceField(organization=organization, label=_("Linked clauses"))


class NumberingSchemeForm(TenantModelForm):
    class Meta:
        model = NumberingScheme
        fields = NUMBERING_SCHEME.fields

    def clean_pattern(self) -> str:
        pattern = str(self.cleaned_data.get("pattern") or "").strip()
        for problem in pattern_errors(pattern):
            self.add_error("pattern", problem)
        return pattern


class DocumentForm(TenantModelForm):
    """The register entry; on creation also the first revision's text (optional)."""

    number = forms.CharField(
        label=_("Number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to take the next number of the type's numbering scheme."),
    )

    class Meta:
        model = Document
        fields = DOCUMENT.fields
        widgets = dict(DOCUMENT.widgets)

    def __init__(
        self, *args: Any, organization: Any, linked: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["clauses"] = clause_field(organization)
        creating = self.instance.pk is None
        if not creating:
            self.fields["number"].required = True
            self.fields["number"].help_text = ""
            self.fields["clauses"].initial = [clause.pk for clause in linked or []]
        else:
            self.fields["body"] = forms.CharField(
                label=_("Text of revision 1 (Markdown)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 12, "class": "markdown-editor"}),
                help_text=_("Optional: write it now or later, or upload a file on the revision."),
            )


class RevisionForm(TenantModelForm):
    """A draft revision: what changed, its text, who reviews and who approves."""

    class Meta:
        model = DocumentRevision
        fields = REVISION.fields
        widgets = dict(REVISION.widgets)
        help_texts = {
            "reviewers": _("Members who sign that they reviewed the content."),
            "approvers": _("Members who may approve it (not the author, unless allowed)."),
            "body": _("Markdown: # headings, **bold**, lists with -, tables. Scripts never run."),
        }


class RevisionStartForm(forms.Form):
    change_summary = forms.CharField(
        label=_("What will change"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevisionFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, Word (DOCX) or Excel (XLSX) document, or an image."),
    )


class SignReviewForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Re-enter your password to sign electronically as “Reviewed”."),
    )


class CompareForm(forms.Form):
    against = forms.IntegerField(label=_("Compare with revision"), min_value=1)
