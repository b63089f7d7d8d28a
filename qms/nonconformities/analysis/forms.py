"""Forms of the analysis pages: the 5-whys and Ishikawa editor, the 8D report and a
disposition. They only shape the input; the rules are the services'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from qms.core.forms import StoredVersionMixin, TenantModelForm
from qms.core.querysets import limit_to_organization

from ..display import decimal_text
from . import rules
from .choices import CauseCategory, DispositionKind, DispositionStatus
from .models import Disposition, EightDReport
from .services import DISPOSITION_FIELDS, EIGHT_D_FIELDS

WHYS_PREFIX = "whys"
_TEXTAREA = {"rows": 2}


class WhyForm(forms.Form):
    why = forms.CharField(
        label=_("Why?"),
        max_length=rules.MAX_WHY_LENGTH,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages={"required": _("Ask the why of this step.")},
    )
    answer = forms.CharField(
        label=_("Because"),
        max_length=rules.MAX_WHY_LENGTH,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages={"required": _("Give the answer of this step.")},
    )


WhyFormSet = formset_factory(
    WhyForm,
    extra=0,
    min_num=rules.MIN_WHYS,
    max_num=rules.MAX_WHYS,
    validate_min=True,
    validate_max=True,
    absolute_max=rules.MAX_WHYS,
)


def posted_steps(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """The steps as submitted (valid or not), to add or remove one and show the form again."""
    try:
        total = int(data.get(f"{WHYS_PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    total = max(0, min(total, rules.MAX_WHYS))
    return [
        {
            "why": str(data.get(f"{WHYS_PREFIX}-{index}-why", "")),
            "answer": str(data.get(f"{WHYS_PREFIX}-{index}-answer", "")),
        }
        for index in range(total)
    ]


def whys_formset(*, data: Any = None, steps: list[dict[str, str]] | None = None) -> Any:
    if data is not None:
        return WhyFormSet(data=data, prefix=WHYS_PREFIX)
    return WhyFormSet(initial=steps or [{"why": "", "answer": ""}], prefix=WHYS_PREFIX)


class AnalysisForm(StoredVersionMixin, forms.Form):
    """The Ishikawa causes (one per line, by category), the root-cause statement and its
    category; the 5 whys come in their own formset."""

    root_cause = forms.CharField(
        label=_("Root cause"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The cause that, once removed, keeps the nonconformity from recurring."),
    )
    cause_category = forms.ChoiceField(
        label=_("Cause category"),
        required=False,
        choices=[("", "—"), *CauseCategory.choices],
        help_text=_("The 6M category of the root cause, to find repeat nonconformities."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CauseCategory.choices:
            self.fields[f"ishikawa_{value}"] = forms.CharField(
                label=label,
                required=False,
                max_length=(rules.MAX_CAUSE_LENGTH + 2) * rules.MAX_CAUSES_PER_CATEGORY,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One cause per line (at most %(n)s, short).")
                % {"n": rules.MAX_CAUSES_PER_CATEGORY},
            )
        # The Ishikawa fields first, in 6M order, then the statement and its category.
        order = [f"ishikawa_{value}" for value in CauseCategory.values]
        self.order_fields([*order, "root_cause", "cause_category", "version"])

    @staticmethod
    def initial_for(analysis: Any) -> dict[str, Any]:
        if analysis is None:
            return {}
        initial: dict[str, Any] = {
            "root_cause": analysis.root_cause,
            "cause_category": analysis.cause_category,
            "version": analysis.version,
        }
        for value, _label, causes in analysis.ishikawa_causes():
            initial[f"ishikawa_{value}"] = "\n".join(causes)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ishikawa: dict[str, list[str]] = {}
        for value in CauseCategory.values:
            name = f"ishikawa_{value}"
            text = cleaned.get(name) or ""
            causes = [line.strip() for line in str(text).splitlines() if line.strip()]
            problems = rules.ishikawa_problems({value: causes})
            if problems:
                self.add_error(name, problems)
            ishikawa[value] = causes
        cleaned["ishikawa"] = ishikawa
        return cleaned

    @property
    def edited_version(self) -> int | None:
        value = self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None
        return int(value) if value is not None else None

    def service_data(self) -> dict[str, Any]:
        return {
            "ishikawa": self.cleaned_data["ishikawa"],
            "root_cause": self.cleaned_data.get("root_cause", ""),
            "cause_category": self.cleaned_data.get("cause_category", ""),
        }


class NonconformityNumberField(forms.CharField):
    """A nonconformity given by its number (NC-2026-0042): a register may be too long for
    a select. The view looks the number up among the organization's nonconformities."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Nonconformity number"))
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("help_text", _("e.g. NC-2026-0042"))
        super().__init__(**kwargs)


class ChooseNonconformityForm(forms.Form):
    nonconformity = NonconformityNumberField()


class EightDReportForm(TenantModelForm):
    class Meta:
        model = EightDReport
        fields = EIGHT_D_FIELDS
        widgets = {
            **{
                name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                for name in EIGHT_D_FIELDS
                if name.endswith("_date")
            },
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in EIGHT_D_FIELDS
                if not name.endswith("_date") and name != "d1_team_members"
            },
            "d1_team": forms.Textarea(attrs={"rows": 2}),
        }


def _disposition_label(disposition: Disposition) -> str:
    """An option of "corrects": what, how much and when (its nonconformity is this one)."""
    quantity = decimal_text(disposition.quantity)
    kind = disposition.get_kind_display()
    return f"{kind} {quantity} {disposition.unit}, {disposition.decided_on:%Y-%m-%d}"


class DispositionForm(TenantModelForm):
    """A disposition of a given nonconformity; `replaces` lists its valid dispositions."""

    replace_reason = forms.CharField(
        label=_("Why the earlier disposition is corrected"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Disposition
        fields = (*DISPOSITION_FIELDS, "replaces")
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "quantity": forms.NumberInput(
                attrs={"step": "any", "min": "0", "inputmode": "decimal"}
            ),
        }

    def __init__(self, *args: Any, nonconformity: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nonconformity = nonconformity
        replaces: Any = self.fields["replaces"]
        replaces.queryset = limit_to_organization(
            Disposition.objects.all(), self.organization
        ).filter(nonconformity_id=nonconformity.pk, status=DispositionStatus.VALID)
        replaces.label = _("Corrects (voids) an earlier disposition")
        replaces.label_from_instance = _disposition_label
        kind: Any = self.fields["kind"]
        kind.choices = [("", "—"), *DispositionKind.choices]
        if nonconformity.quantity_unit:
            self.fields["unit"].initial = nonconformity.quantity_unit
            self.fields["unit"].help_text = _("The nonconformity's unit.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problem = rules.concession_problem(
            kind=cleaned.get("kind") or "",
            authorised_by_id=getattr(cleaned.get("authorised_by"), "pk", None),
        )
        if problem and "authorised_by" not in self.errors:
            self.add_error("authorised_by", problem)
        return cleaned

    def _post_clean(self) -> None:
        # The service validates the record (with the nonconformity it belongs to).
        return

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in DISPOSITION_FIELDS}
        data["nonconformity"] = self.nonconformity
        if self.cleaned_data.get("replaces") is not None:
            data["replaces"] = self.cleaned_data["replaces"]
            data["replace_reason"] = self.cleaned_data.get("replace_reason", "")
        return {key: value for key, value in data.items() if value is not None}
