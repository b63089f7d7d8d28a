"""Forms of the certification body's pages: the body's profile and policies in groups, an
accreditation, a scope line (IAF codes as grouped checkboxes) and a qualification (only
members with a certification-body role can be chosen)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.forms import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qms.accounts.models import User
from qms.core.forms import TenantModelForm
from qms.core.specs import check_form
from qms.standards.models import IafCode, Standard, StandardEdition

from . import selectors
from .specs import ACCREDITATION, BODY, BODY_GROUPS, QUALIFICATION, SCOPE, dates_message

# Bands of IAF codes, for a checkbox list a person can scan (IAF ID 1 numbering).
CODE_BANDS: tuple[tuple[str | Promise, int, int], ...] = (
    (_("Agriculture and mining (1–2)"), 1, 2),  # noqa: RUF001 - an en dash
    (_("Manufacturing (3–24)"), 3, 24),  # noqa: RUF001
    (_("Energy, water and construction (25–28)"), 25, 28),  # noqa: RUF001
    (_("Trade and services (29–39)"), 29, 39),  # noqa: RUF001
)


def code_band(code: str) -> str:
    """The band heading of an IAF code ("Manufacturing (3-24)"); local codes are "Other"."""
    number = int(code) if code.isdigit() else None
    for label, low, high in CODE_BANDS:
        if number is not None and low <= number <= high:
            return str(label)
    return str(_("Other codes"))


class CodeChecklistMixin:
    """IAF codes as checkboxes in IAF order, offered to the template in bands."""

    fields: dict[str, Any]

    def setup_codes(self) -> None:
        field: Any = self.fields["iaf_codes"]
        field.widget = forms.CheckboxSelectMultiple()
        field.queryset = IafCode.objects.order_by("position", "code")  # fills the widget too
        field.label_from_instance = lambda code: f"{code.code} {code.title}"
        field.help_text = _("Tick every IAF code (technical sector) it covers.")

    def code_groups(self) -> list[tuple[str, list[Any]]]:
        """(band heading, checkboxes) for the template, in IAF order."""
        form: Any = self
        bound: BoundField = form["iaf_codes"]
        field: Any = bound.field
        codes = {str(code.pk): code.code for code in field.queryset}
        groups: dict[str, list[Any]] = {}
        for checkbox in bound.subwidgets:
            value = str(checkbox.data["value"])
            groups.setdefault(code_band(codes.get(value, "")), []).append(checkbox)
        return list(groups.items())


class BodyForm(TenantModelForm):
    """The body's profile and policies (the spec's fields), shown in groups."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = BODY.model
        fields = BODY.fields
        widgets = dict(BODY.widgets)

    def groups(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "help": help_text, "fields": [self[n] for n in names]}
            for key, title, help_text, names in BODY_GROUPS
        ]


class AccreditationForm(TenantModelForm):
    class Meta:
        model = ACCREDITATION.model
        fields = ACCREDITATION.fields
        widgets = dict(ACCREDITATION.widgets)

    def clean(self) -> dict[str, Any]:
        return _dates_beside_field(self, super().clean())


class ScopeForm(CodeChecklistMixin, TenantModelForm):
    """A scope line: the accreditation (fixed once the line exists), a standard edition,
    its IAF codes, exclusions and dates."""

    class Meta:
        model = SCOPE.model
        fields = SCOPE.fields
        widgets = dict(SCOPE.widgets)

    def __init__(self, *args: Any, organization: Model, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.setup_codes()
        edition: Any = self.fields["edition"]
        edition.queryset = StandardEdition.objects.select_related("standard").order_by(
            "standard__code", "edition"
        )
        if self.instance.pk is not None:
            self.fields["accreditation"].disabled = True

    def clean(self) -> dict[str, Any]:
        return _dates_beside_field(self, super().clean())


class QualificationForm(CodeChecklistMixin, TenantModelForm):
    class Meta:
        model = QUALIFICATION.model
        fields = QUALIFICATION.fields
        widgets = dict(QUALIFICATION.widgets)

    def __init__(self, *args: Any, organization: Model, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.setup_codes()
        self.fields["iaf_codes"].help_text = _(
            "The IAF codes in which the person holds sector knowledge for this standard."
        )
        person: Any = self.fields["person"]
        allowed = selectors.cb_member_ids(organization=organization)
        if self.instance.person_id is not None:
            allowed.add(self.instance.person_id)  # kept, even if their role changed since
        person.queryset = User.objects.filter(pk__in=allowed).order_by("full_name", "email")
        person.help_text = _(
            "Members holding a certification-body role (certification manager, auditor, "
            "technical reviewer or decision-maker)."
        )
        standard: Any = self.fields["standard"]
        standard.queryset = Standard.objects.order_by("code")

    def clean(self) -> dict[str, Any]:
        return _dates_beside_field(self, super().clean())


def _dates_beside_field(form: forms.ModelForm, cleaned: dict[str, Any] | None) -> dict[str, Any]:  # type: ignore[type-arg]
    """The model's "dates in order" constraint, reported beside "valid until" rather than at
    the top of the form (the same words as the constraint's)."""
    cleaned = cleaned or {}
    start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
    if start and end and end < start:
        form.add_error("valid_until", dates_message(form._meta.model))
    return cleaned


for _spec, _form in (
    (BODY, BodyForm),
    (ACCREDITATION, AccreditationForm),
    (SCOPE, ScopeForm),
    (QUALIFICATION, QualificationForm),
):
    check_form(_spec, _form)
