"""Forms of the organization's pages, built from the field specs (specs.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import ModelForm
from qms.core.specs import check_form

from .choices import ProcessType
from .models import Organization
from .specs import ORGANIZATION, PROCESS, SITE


class OrganizationForm(ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ORGANIZATION.fields


SiteForm = SITE.form_class()


class ProcessForm(PROCESS.form_class()):  # type: ignore[misc]
    """The process form; the map fields (type, position) keep their stored value (or the
    default) when a form leaves them out, e.g. a page saved from before they existed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("process_type", "sequence"):
            self.fields[name].required = False

    def _kept(self, name: str, default: Any) -> Any:
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return getattr(self.instance, name) if self.instance.pk else default
        return value

    def clean_process_type(self) -> Any:
        return self._kept("process_type", ProcessType.CORE)

    def clean_sequence(self) -> Any:
        return self._kept("sequence", 0)


check_form(PROCESS, ProcessForm)
