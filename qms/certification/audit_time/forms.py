"""The audit-time form: what a certification manager or technical reviewer enters, shaped
into the calculator's `inputs` (services.py). No rule lives here: the calculator checks the
input and its errors come back beside the field they name (`apply_calculator_error`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from qms.core.querysets import limit_to_organization
from qms.standards.models import StandardEdition

from ..choices import AuditTimeType, Complexity
from ..models import Application, Client
from . import selectors
from .calculator import FACTORS
from .errors import AuditTimeError
from .services import PERSONNEL_FIELDS

FACTORS_PREFIX = "factors"
MAX_FACTORS = 20
OTHER = "other"
ENP_MODE = "enp"
BREAKDOWN_MODE = "breakdown"

_NUMBER = {"inputmode": "decimal", "autocomplete": "off"}
_WHOLE = {"inputmode": "numeric", "autocomplete": "off"}


def _factor_choices() -> list[tuple[Any, Any]]:
    increases = [(code, label) for code, (label, sign) in FACTORS.items() if sign > 0]
    decreases = [(code, label) for code, (label, sign) in FACTORS.items() if sign < 0]
    return [
        ("", "—"),
        (_("Increase"), increases),
        (_("Decrease"), decreases),
        (OTHER, _("Other (say what in the justification)")),
    ]


class EditionChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_status_display().lower()})"


class AuditTimeForm(forms.Form):
    """One calculation's input. `personnel_mode` says whether the ENP is given or computed
    from the breakdown; the factors come in their own formset (`factor_formset`)."""

    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.all(),
        required=False,
        help_text=_("Leave empty for a quotation not yet tied to a client."),
    )
    application = forms.ModelChoiceField(
        queryset=Application.objects.all(), required=False, widget=forms.HiddenInput
    )
    editions = EditionChoiceField(
        label=_("Standards"),
        queryset=StandardEdition.objects.none(),  # set per form: the editions with a table
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Several standards make an integrated audit."),
        error_messages={"required": _("Choose at least one standard.")},
    )
    integration_reduction_pct = forms.DecimalField(
        label=_("Integration reduction (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
        help_text=_(
            "Integrated audit only: how much less than the sum of the standards' times, "
            "at most 20 % (IAF MD 11)."
        ),
    )
    integration_justification = forms.CharField(
        label=_("Why the systems are integrated"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    personnel_mode = forms.ChoiceField(
        label=_("Personnel"),
        choices=[
            (BREAKDOWN_MODE, _("From the breakdown below")),
            (ENP_MODE, _("I know the effective number of personnel")),
        ],
        initial=BREAKDOWN_MODE,
        widget=forms.RadioSelect,
    )
    enp = forms.DecimalField(
        label=_("Effective number of personnel (ENP)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
    )
    full_time = forms.DecimalField(
        label=_("Full-time personnel"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("In the scope, all shifts together."),
        widget=forms.NumberInput(attrs=_WHOLE),
    )
    shifts = forms.IntegerField(
        label=_("Shifts"), required=False, initial=1, widget=forms.NumberInput(attrs=_WHOLE)
    )
    part_time_count = forms.DecimalField(
        label=_("Part-time personnel"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=_WHOLE),
    )
    part_time_hours = forms.DecimalField(
        label=_("Hours a week of one part-timer"),
        required=False,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
    )
    full_time_hours = forms.DecimalField(
        label=_("Full-time hours a week"),
        required=False,
        initial=Decimal(40),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
    )
    seasonal = forms.DecimalField(
        label=_("Seasonal personnel present when audited"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=_WHOLE),
    )
    temporary = forms.DecimalField(
        label=_("Temporary personnel present when audited"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=_WHOLE),
    )
    contractors_in_scope = forms.DecimalField(
        label=_("Contractors under the client's control"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("Only when their work is in the scope and can affect the system."),
        widget=forms.NumberInput(attrs=_WHOLE),
    )
    repetitive_reduction = forms.DecimalField(
        label=_("Reduction for similar repetitive work (people)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("Outside the 30 % limit on adjustments; needs its justification."),
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
    )
    reduction_justification = forms.CharField(
        label=_("Why the reduction is justified"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    complexity = forms.ChoiceField(
        label=_("Complexity category"),
        choices=Complexity.choices,
        initial=Complexity.MEDIUM,
        help_text=_(
            "ISO 14001: high, medium, low or limited; ISO 45001: high, medium or low; "
            "ISO 9001: one table column (medium), other categories by your body's policy."
        ),
    )
    sites = forms.IntegerField(
        label=_("Number of sites"), initial=1, widget=forms.NumberInput(attrs=_WHOLE)
    )
    site_enp = forms.CharField(
        label=_("ENP of each site (optional)"),
        required=False,
        max_length=2000,
        help_text=_("One number per site, separated by commas, e.g. 40, 15, 12."),
    )
    site_reduction_pct = forms.DecimalField(
        label=_("Multi-site reduction at each site (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
        help_text=_("Needs each site's ENP; no visited site below 50 % of its own table time."),
    )
    site_reduction_justification = forms.CharField(
        label=_("Why the sites' time is reduced"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    audit_type = forms.ChoiceField(
        label=_("Audit"), choices=AuditTimeType.choices, initial=AuditTimeType.INITIAL
    )
    manual_days = forms.CharField(
        label=_("Manual audit time (days)"),
        required=False,
        max_length=200,
        help_text=_(
            "Only above 10,700 personnel, where the table has no value. An integrated audit "
            "gives one per standard: iso9001=23, iso14001=20."
        ),
    )
    manual_justification = forms.CharField(
        label=_("Why this manual audit time"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    apply_reduction_cap = forms.BooleanField(
        label=_("Apply the 30 % cap"),
        required=False,
        help_text=_(
            "When the decreases add up to more than 30 %, hold the time at 70 % of the table "
            "time (and a visited site at 50 % of its own) instead of refusing the calculation."
        ),
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        for name in ("client", "application"):
            field: Any = self.fields[name]
            field.queryset = limit_to_organization(field.queryset, organization)
        self.fields["editions"].queryset = selectors.editions_with_table()  # type: ignore[attr-defined]

    def clean_site_enp(self) -> list[str] | None:
        text = str(self.cleaned_data.get("site_enp") or "")
        values = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        for value in values:
            try:
                Decimal(value)
            except ArithmeticError:
                raise forms.ValidationError(
                    _("%(value)s is not a number: give one number per site.") % {"value": value}
                ) from None
        return values or None

    def clean_manual_days(self) -> Any:
        text = str(self.cleaned_data.get("manual_days") or "").strip()
        if not text:
            return None
        if "=" not in text:
            return text
        per_standard: dict[str, str] = {}
        for part in text.replace(";", ",").split(","):
            name, equals, days = part.partition("=")
            if not part.strip():
                continue
            if not equals or not name.strip() or not days.strip():
                raise forms.ValidationError(
                    _("Write one standard and its days each, e.g. iso9001=23, iso14001=20.")
                )
            per_standard[name.strip()] = days.strip()
        return per_standard

    def inputs(self, factors: list[dict[str, Any]]) -> dict[str, Any]:
        """The calculator's inputs (services.py) from the cleaned form and factors."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "standards": [edition.pk for edition in data["editions"]],
            "complexity": data.get("complexity") or None,
            "factors": factors,
            "sites": 1 if data.get("sites") is None else data["sites"],
            "site_enp": data.get("site_enp"),
            "audit_type": data.get("audit_type") or AuditTimeType.INITIAL,
            "manual_days": data.get("manual_days"),
            "manual_justification": data.get("manual_justification") or "",
            "apply_reduction_cap": bool(data.get("apply_reduction_cap")),
        }
        for name in (
            "integration_reduction_pct",
            "integration_justification",
            "site_reduction_pct",
            "site_reduction_justification",
        ):
            if data.get(name) not in (None, ""):
                values[name] = data[name]
        if data.get("personnel_mode") == ENP_MODE:
            values["enp"] = data.get("enp")
        else:
            values["personnel"] = {
                name: data[name]
                for name in PERSONNEL_FIELDS
                if data.get(name) not in (None, "") and name in self.fields
            }
        return values

    @staticmethod
    def initial_from_application(application: Application) -> dict[str, Any]:
        """The form prefilled from an application: its client, standards, personnel
        breakdown, complexity and sites (each site's personnel as its ENP when all are
        known)."""
        editions = [e for e in application.editions.all() if e.pk in _edition_ids()]
        sites = list(application.sites.all())
        initial: dict[str, Any] = {
            "application": application.pk,
            "client": application.client_id,
            "editions": [e.pk for e in editions],
            "personnel_mode": BREAKDOWN_MODE,
            "full_time": application.full_time,
            "shifts": application.shifts,
            "part_time_count": application.part_time,
            "part_time_hours": application.part_time_hours,
            "full_time_hours": application.full_time_hours,
            "seasonal": application.seasonal,
            "contractors_in_scope": application.contractors,
            "repetitive_reduction": application.repetitive_reduction,
            "reduction_justification": application.repetitive_reduction_justification,
            "complexity": application.complexity,
            "sites": max(len(sites), 1),
            "audit_type": AuditTimeType.RECERTIFICATION
            if application.type == "recertification"
            else AuditTimeType.INITIAL,
        }
        if len(sites) > 1 and all(site.personnel > 0 for site in sites):
            initial["site_enp"] = ", ".join(str(site.personnel) for site in sites)
        return initial

    @staticmethod
    def initial_from_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The form prefilled from a stored calculation's inputs (a recalculation)."""
        initial: dict[str, Any] = {
            key: inputs.get(key)
            for key in (
                "complexity",
                "sites",
                "audit_type",
                "integration_reduction_pct",
                "integration_justification",
                "site_reduction_pct",
                "site_reduction_justification",
                "manual_justification",
                "apply_reduction_cap",
            )
            if inputs.get(key) not in (None, "")
        }
        if inputs.get("site_enp"):
            initial["site_enp"] = ", ".join(str(value) for value in inputs["site_enp"])
        manual = inputs.get("manual_days")
        if isinstance(manual, Mapping):
            initial["manual_days"] = ", ".join(f"{key}={value}" for key, value in manual.items())
        elif manual not in (None, ""):
            initial["manual_days"] = manual
        personnel = inputs.get("personnel")
        if personnel:
            initial["personnel_mode"] = BREAKDOWN_MODE
            initial.update(
                {key: personnel.get(key) for key in PERSONNEL_FIELDS if key in personnel}
            )
        else:
            initial["personnel_mode"] = ENP_MODE
            initial["enp"] = inputs.get("enp")
        names = set(inputs.get("standards") or [])
        initial["editions"] = [
            edition.pk for edition in selectors.editions_with_table() if str(edition) in names
        ]
        return initial


def _edition_ids() -> set[int]:
    return set(selectors.editions_with_table().values_list("pk", flat=True))


class FactorForm(forms.Form):
    code = forms.ChoiceField(label=_("Factor"), choices=_factor_choices)
    pct = forms.DecimalField(
        label=_("Adjustment (%)"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_NUMBER, "step": "any"}),
        help_text=_("Signed: +5 an increase, -10 a decrease."),
        error_messages={"required": _("Give the percentage, with its sign (+5 or -10).")},
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _(
                "Say why this factor applies to this client: it goes to the client "
                "and the accreditation body."
            )
        },
    )

    def factor(self) -> dict[str, Any]:
        return {
            "code": self.cleaned_data["code"],
            "pct": self.cleaned_data["pct"],
            "justification": self.cleaned_data["justification"],
        }


class BaseFactorFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Factor rows. A submitted row left blank is skipped (every row may be empty), a row
    with anything in it must be complete: a submitted formset is built from the data alone
    (no `initial`), so "changed" means "something typed"."""

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        construct: Any = super()._construct_form  # type: ignore[misc]
        return construct(i, empty_permitted=True, **kwargs)

    def add_non_form_error(self, message: str) -> None:
        errors: Any = self.non_form_errors()  # computed first, so the message is kept
        errors.append(message)

    def factors(self) -> list[dict[str, Any]]:
        return [form.factor() for form in self.forms if form.has_changed() and form.is_valid()]


FactorFormSet = formset_factory(
    FactorForm,
    formset=BaseFactorFormSet,
    extra=0,
    max_num=MAX_FACTORS,
    validate_max=True,
    absolute_max=MAX_FACTORS,
)


def factor_formset(*, data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    if data is not None:
        return FactorFormSet(data=data, prefix=FACTORS_PREFIX)
    return FactorFormSet(initial=initial or [], prefix=FACTORS_PREFIX)


def posted_factors(data: Mapping[str, Any], *, drop: int | None = None) -> list[dict[str, str]]:
    """The factor rows as submitted (valid or not), less row `drop`: to add or remove a row
    and show the form again."""
    try:
        total = int(data.get(f"{FACTORS_PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    rows = []
    for index in range(max(0, min(total, MAX_FACTORS))):
        if index == drop:
            continue
        rows.append(
            {
                name: str(data.get(f"{FACTORS_PREFIX}-{index}-{name}", ""))
                for name in ("code", "pct", "justification")
            }
        )
    return rows


# Where a calculator error about a personnel field goes in the form.
_FIELD_OF = {
    "standard": "editions",
    "version": "editions",
    **{f"personnel.{name}": name for name in PERSONNEL_FIELDS},
}


def apply_calculator_error(form: AuditTimeForm, formset: Any, error: AuditTimeError) -> None:
    """Show the calculator's refusal next to the field it names: a factor error above the
    factor rows, an error about no field of the form at the top."""
    field = _FIELD_OF.get(error.field or "", error.field or "")
    if field == "enp" and form.cleaned_data.get("personnel_mode") != ENP_MODE:
        field = "full_time"
    if field == "factors":
        formset.add_non_form_error(error.message)
        form.add_error(None, _("Adjustment factors: %(message)s") % {"message": error.message})
        return
    form.add_error(field if field in form.fields else None, error.message)
