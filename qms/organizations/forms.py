"""Forms of the organization's pages, built from the field specs (specs.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import ModelForm

from .models import Organization
from .specs import ORGANIZATION, PROCESS, SITE


class OrganizationForm(ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ORGANIZATION.fields


SiteForm = SITE.form_class()
ProcessForm = PROCESS.form_class()
