"""The fields of the certification body, its accreditations, their scope lines and the
auditor qualifications, declared once (form, serializers, service allow-lists, tables)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qms.core.specs import ModelSpec
from qms.core.tables import Column

from ..models import Accreditation, AccreditationScope, AuditorQualification, CertificationBody

StrOrPromise = str | Promise

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The body's fields in groups, as the page and the form show them: (key, title, help, fields).
BODY_GROUPS: tuple[tuple[str, StrOrPromise, StrOrPromise, tuple[str, ...]], ...] = (
    (
        "profile",
        _("Profile"),
        _("How the certification body is named on certificates and letters."),
        ("name", "address", "website"),
    ),
    (
        "programme",
        _("Programme dates"),
        _(
            "The 3-year cycle is computed from the certification decision with these settings "
            "(ISO/IEC 17021-1 limits apply: the first surveillance within 12 months, "
            "restoration and the verification of majors within 6 months)."
        ),
        (
            "expiry_days_less",
            "surveillance_tolerance_months",
            "recertification_lead_months",
            "max_suspension_months",
            "restoration_months",
            "major_verification_months",
            "major_response_days",
            "minor_response_days",
        ),
    ),
    (
        "audit_time",
        _("Audit time"),
        _(
            "How the IAF MD 5 calculator applies the tables for your body: the Stage 1 share, "
            "the bands, a minimum and the QMS complexity adjustments."
        ),
        (
            "stage1_percent",
            "audit_time_interpolation",
            "minimum_audit_days",
            "qms_complexity_adjustments",
        ),
    ),
    (
        "certificates",
        _("Certificates"),
        _("How certificate numbers are made."),
        ("certificate_number_pattern", "certificate_prefix"),
    ),
)

BODY = ModelSpec(
    model=CertificationBody,
    fields=tuple(name for _key, _title, _help, names in BODY_GROUPS for name in names),
    widgets={
        "address": forms.Textarea(attrs={"rows": 3}),
        "qms_complexity_adjustments": forms.Textarea(attrs={"rows": 2}),
    },
)

ACCREDITATION = ModelSpec(
    model=Accreditation,
    fields=("accreditation_body", "number", "standard_basis", "valid_from", "valid_until", "notes"),
    read_only=("status", "version", "created_at", "updated_at"),
    columns=(
        Column("accreditation_body", link=True),
        Column("number", link=True),
        Column("standard_basis"),
        Column("status"),
        Column("valid_from"),
        Column("valid_until"),
    ),
    detail=(
        Column("accreditation_body"),
        Column("number"),
        Column("standard_basis"),
        Column("status"),
        Column("valid_from"),
        Column("valid_until"),
        Column("notes"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "valid_from": _DATE,
        "valid_until": _DATE,
        "notes": forms.Textarea(attrs={"rows": 3}),
    },
)

SCOPE = ModelSpec(
    model=AccreditationScope,
    fields=("accreditation", "edition", "iaf_codes", "exclusions", "valid_from", "valid_until"),
    detail=(
        Column("accreditation"),
        Column("edition", label=_("Standard")),
        Column("exclusions"),
        Column("valid_from"),
        Column("valid_until"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "valid_from": _DATE,
        "valid_until": _DATE,
        "exclusions": forms.Textarea(attrs={"rows": 2}),
    },
)

SCOPE_COLUMNS = (
    Column("accreditation", link=True, sort="accreditation__number"),
    Column("edition", label=_("Standard"), link=True, sort="edition__standard__code"),
    Column("valid_from"),
    Column("valid_until"),
)

# A scope line's fields once it exists: it stays on its accreditation.
SCOPE_CHANGE_FIELDS = tuple(name for name in SCOPE.fields if name != "accreditation")

QUALIFICATION = ModelSpec(
    model=AuditorQualification,
    fields=("person", "standard", "grade", "iaf_codes", "valid_from", "valid_until", "evidence"),
    columns=(
        Column("person", link=True, sort="person__full_name"),
        Column("standard", sort="standard__code"),
        Column("grade"),
        Column("valid_from"),
        Column("valid_until"),
        Column("validity", label=_("Validity"), sort=False),
    ),
    detail=(
        Column("person"),
        Column("standard"),
        Column("grade"),
        Column("valid_from"),
        Column("valid_until"),
        Column("updated_at", sort=False),
    ),
    widgets={
        "valid_from": _DATE,
        "valid_until": _DATE,
        "evidence": forms.Textarea(attrs={"rows": 5}),
    },
)


def dates_message(model: type[models.Model]) -> str:
    """The words of the model's "dates in order" constraint, shown beside "valid until" by
    the forms and the services (one wording everywhere)."""
    name = f"{model._meta.app_label}_{model._meta.model_name}_dates_in_order"
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.get_violation_error_message())
    raise LookupError(name)  # pragma: no cover - a programming error
