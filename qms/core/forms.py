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


VERSION_FIELD = "version"


class StoredVersionMixin:
    """For a form with a hidden `version` field: after a stale-version refusal, point it at
    the stored version so that submitting again deliberately applies the input on top."""

    def show_stored_version(self, version: int) -> None:
        form: Any = self  # a django.forms.BaseForm
        data: Any = form.data.copy()  # a QueryDict when bound
        data[form.add_prefix(VERSION_FIELD)] = str(version)
        form.data = data


class ModelForm(StoredVersionMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm that validates on a copy of its instance and carries its version.

    Django writes the submitted values into the form's instance while validating; the
    update service must still see the stored values to record what changed. So the form
    works on a copy, and the view hands the untouched object to the service.

    An edit form of a versioned record carries the version it was rendered from in a
    hidden `version` field; the update service refuses the change when the record has
    moved on since (optimistic locking), instead of silently overwriting someone's edit.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None:
            kwargs["instance"] = copy.copy(instance)
        super().__init__(*args, **kwargs)
        if instance is not None and instance.pk is not None and hasattr(instance, "version"):
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1, initial=instance.version
            )

    @property
    def edited_version(self) -> int | None:
        """The version the user edited (from the hidden field), None when not sent."""
        value = self.cleaned_data.get(VERSION_FIELD) if hasattr(self, "cleaned_data") else None
        return int(value) if value is not None else None


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
    """The cleaned values of the fields the user changed: the `data` of an update service
    (the version travels separately, as the service's `version` argument)."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name != VERSION_FIELD}


def submitted_values(form: forms.BaseForm) -> dict[str, Any]:
    """All cleaned values but the version: the `data` of a create service."""
    return {name: value for name, value in form.cleaned_data.items() if name != VERSION_FIELD}
