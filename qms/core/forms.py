"""Form base classes: accessible rendering and foreign-key choices scoped to the tenant."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.db.models import Model
from django.forms.renderers import DjangoTemplates

from .querysets import limit_to_organization


class FormRenderer(DjangoTemplates):
    """Every form field renders with its label, help text and errors tied by aria attributes."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class ModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm that validates on a copy of its instance.

    Django writes the submitted values into the form's instance while validating; the
    update service must still see the stored values to record what changed. So the form
    works on a copy, and the view hands the untouched object to the service.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("instance") is not None:
            kwargs["instance"] = copy.copy(kwargs["instance"])
        super().__init__(*args, **kwargs)


class TenantModelForm(ModelForm):
    """A ModelForm whose related-object choices come only from the current organization
    (see `limit_to_organization`): nothing of another tenant can be picked, even by a
    hand-crafted POST."""

    def __init__(self, *args: Any, organization: Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                field.queryset = limit_to_organization(field.queryset, organization)


class FilterForm(forms.Form):
    """Base for the filter forms django-filter builds: compact, GET, no required fields."""

    template_name = "core/forms/filter_form.html"


def changed_values(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned values of the fields the user changed: the `data` of an update service."""
    return {name: form.cleaned_data[name] for name in form.changed_data}
