"""Forms of the standards pages, and the reusable "linked clauses" field for other modules.

    from qms.standards.forms import ClauseMultipleChoiceField

    class DocumentForm(TenantModelForm):
        def __init__(self, *args, organization, **kwargs):
            super().__init__(*args, organization=organization, **kwargs)
            self.fields["clauses"] = ClauseMultipleChoiceField(organization=organization)

then `evidence_set(actor=..., subject=document, clauses=form.cleaned_data["clauses"])`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import ModelForm

from .models import Clause, OrganizationStandard, StandardEdition
from .selectors import adopted_edition_ids, clause_choices


class ClauseMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """The clauses of the organization's adopted editions, grouped by edition (one
    <optgroup> per standard edition). Not required by default."""

    def __init__(self, *, organization: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Linked clauses"))
        kwargs.setdefault(
            "help_text", _("The clauses of your standards this record is evidence for.")
        )
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 10}))
        super().__init__(queryset=clause_choices(organization=organization), **kwargs)

    def label_from_instance(self, obj: Clause) -> str:
        return f"{obj.number} {obj.display_title}"

    def _get_choices(self) -> Any:
        queryset = self.queryset
        if queryset is None:
            return []
        groups: dict[str, list[tuple[int, str]]] = {}
        for clause in queryset:
            groups.setdefault(str(clause.edition), []).append(
                (clause.pk, self.label_from_instance(clause))
            )
        return list(groups.items())

    choices = property(_get_choices, forms.ChoiceField.choices.fset)  # type: ignore[union-attr]


class AdoptForm(ModelForm):
    """Adopt an edition the organization does not follow yet."""

    class Meta:
        model = OrganizationStandard
        fields = ("edition", "scope", "adopted_on")
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["edition"]
        field.queryset = (
            StandardEdition.objects.exclude(pk__in=adopted_edition_ids(organization=organization))
            .exclude(status="withdrawn")
            .select_related("standard")
        )
        field.label_from_instance = lambda edition: (
            f"{edition.standard.code}, {edition.edition} edition — {edition.standard.title} "
            f"({edition.get_status_display()})"
        )


class AdoptionChangeForm(ModelForm):
    class Meta:
        model = OrganizationStandard
        fields = ("scope", "adopted_on")
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
        }


class ApplicabilityForm(forms.Form):
    not_applicable = forms.BooleanField(
        label=_("Not applicable to our organization"), required=False
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to exclude a clause; your scope statement (4.3) must state it."),
    )
