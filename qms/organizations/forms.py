from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import ModelForm, TenantModelForm

from .models import Organization, Process, Site


class OrganizationForm(ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "legal_name", "country", "website"]


class SiteForm(TenantModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "country", "is_head_office", "employees"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class ProcessForm(TenantModelForm):
    class Meta:
        model = Process
        fields = ["name", "code", "purpose", "owner", "site"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
