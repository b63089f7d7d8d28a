"""Form base classes: accessible rendering and foreign-key choices scoped to the tenant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.forms.renderers import DjangoTemplates

from .models import OrganizationScoped


class FormRenderer(DjangoTemplates):
    """Every form field renders with its label, help text and errors tied by aria attributes."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class TenantModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm whose related-object choices come only from the current organization.

    Choices for organization-scoped models are filtered to `organization`; choices of users
    are limited to the organization's members. Nothing from another tenant can be picked,
    even by a hand-crafted POST.
    """

    def __init__(self, *args: Any, organization: Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        user_model = get_user_model()
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            queryset = field.queryset
            if queryset is None:
                continue
            if issubclass(queryset.model, OrganizationScoped):
                field.queryset = queryset.filter(organization=organization)
            elif issubclass(queryset.model, user_model):
                field.queryset = queryset.filter(memberships__organization=organization).distinct()


class FilterForm(forms.Form):
    """Base for the filter forms django-filter builds: compact, GET, no required fields."""

    template_name = "core/forms/filter_form.html"


def changed_values(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned values of the fields the user changed: the `data` of an update service."""
    return {name: form.cleaned_data[name] for name in form.changed_data}
