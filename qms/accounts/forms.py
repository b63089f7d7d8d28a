from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qms.core.context import current_request_context
from qms.core.forms import ModelForm, TenantModelForm
from qms.core.permissions import Role, role_choices

from . import services
from .models import ApiToken, Invitation, Membership


class LoginForm(AuthenticationForm):
    """E-mail and password, refused for a while after repeated failures."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").lower()
        ip = current_request_context().ip
        if email and services.login_is_locked(email=email, ip=ip):
            raise ValidationError(
                _(
                    "Too many failed log-ins. Try again in %(minutes)d minutes, or reset your "
                    "password."
                ),
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if email:
                services.login_failure_record(email=email)
            raise
        services.login_failures_clear(email=email)
        return cleaned


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)


class NewAccountForm(forms.Form):
    """Name and password for a person accepting an invitation without an account."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationForm(TenantModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = Role.EMPLOYEE


class MembershipRoleForm(TenantModelForm):
    """The member's primary role and, as ticks, the further roles they hold."""

    additional_roles = forms.MultipleChoiceField(
        label=_("Additional roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The member may also do what each ticked role may. Leave the primary role unticked."
        ),
    )

    class Meta:
        model = Membership
        fields = ["role", "additional_roles"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made: apps register their roles in ready().
        field: Any = self.fields["additional_roles"]
        field.choices = role_choices()
        field.template_name = "accounts/forms/choice_group.html"  # a fieldset with a legend


class TokenForm(ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _("What the token is for, e.g. 'ERP integration'.")}
