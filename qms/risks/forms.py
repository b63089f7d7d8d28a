"""Forms of the register's pages, built from the field spec (specs.py). Rating fields are
selects limited to the organization's matrix; linked clauses come from the standards module,
issues and interested parties from the context module. No rules here: the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.context.selectors import interested_party_choices, issue_choices
from qms.core.forms import TenantModelForm
from qms.core.specs import check_form
from qms.standards.forms import ClauseMultipleChoiceField

from . import rules
from .choices import ReviewOutcome
from .models import Risk, RiskMatrix
from .specs import RISK


def level_choices(labels: Sequence[str]) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(i), f"{i}: {label}") for i, label in enumerate(labels, 1)]


class RiskForm(TenantModelForm):
    class Meta:
        model = Risk
        fields = RISK.fields
        widgets = dict(RISK.widgets)

    def __init__(
        self,
        *args: Any,
        organization: Any,
        matrix: RiskMatrix,
        linked: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        for name, axis in rules.AXIS.items():
            old = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=old.label,
                choices=level_choices(getattr(matrix, axis)),
                coerce=int,
                empty_value=None,
                required=False,
                help_text=old.help_text,
            )
        instance = self.instance if self.instance.pk is not None else None
        issues = issue_choices(organization=organization)
        parties = interested_party_choices(organization=organization)
        if instance is not None:  # keep links to records no longer current
            issues = issues | instance.issues.all()
            parties = parties | instance.interested_parties.all()
            self.fields["kind"].disabled = True
        self.fields["issues"].queryset = issues.distinct()  # type: ignore[attr-defined]
        self.fields["interested_parties"].queryset = parties.distinct()  # type: ignore[attr-defined]
        self.fields["clauses"] = ClauseMultipleChoiceField(organization=organization)
        if instance is not None:
            self.fields["clauses"].initial = [clause.pk for clause in linked or []]
        self.fields["effort"].help_text = _("Higher level = less effort.")


check_form(RISK, RiskForm)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    reviewed_on = forms.DateField(
        label=_("Reviewed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class MatrixForm(forms.Form):
    """The matrix as text: one label per line; bands one per line as
    `key | label | lowest score | #colour`."""

    likelihood_labels = forms.CharField(
        label=_("Likelihood levels (lowest first, one per line, 3 to 5)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consequence_labels = forms.CharField(
        label=_("Consequence levels (lowest first, one per line, 3 to 5)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    bands = forms.CharField(
        label=_("Risk bands: key | label | lowest score | #colour"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    value_labels = forms.CharField(
        label=_("Opportunity value levels (lowest first)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    effort_labels = forms.CharField(
        label=_("Opportunity effort levels (heaviest first)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opportunity_bands = forms.CharField(
        label=_("Opportunity priority bands: key | label | lowest score | #colour"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    LABELS = ("likelihood_labels", "consequence_labels", "value_labels", "effort_labels")
    BANDS = ("bands", "opportunity_bands")

    @classmethod
    def initial_from(cls, matrix: RiskMatrix) -> dict[str, str]:
        initial = {name: "\n".join(getattr(matrix, name)) for name in cls.LABELS}
        for name in cls.BANDS:
            initial[name] = "\n".join(
                f"{b['key']} | {b['label']} | {b['min_score']} | {b['colour']}"
                for b in getattr(matrix, name)
            )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.LABELS:
            if name in data:
                data[name] = [line.strip() for line in data[name].splitlines() if line.strip()]
        for name in self.BANDS:
            if name not in data:
                continue
            bands = []
            for number, line in enumerate(data[name].splitlines(), 1):
                if not line.strip():
                    continue
                parts = [part.strip() for part in line.split("|")]
                if len(parts) != 4:
                    self.add_error(
                        name,
                        _("Line %(n)s: write key | label | lowest score | #colour.")
                        % {"n": number},
                    )
                    break
                bands.append(
                    {"key": parts[0], "label": parts[1], "min_score": parts[2], "colour": parts[3]}
                )
            data[name] = bands
        return data
