"""Forms of external access: granting, changing the window/scope, answering, asking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import GranteeRole
from .records import record_type_choices
from .services import GRANT_FIELDS

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _zone_help(text: str) -> str:
    """`text` and the time zone the form reads its times in (the server's current zone)."""
    from django.utils import timezone

    zone = timezone.localtime(timezone.now()).strftime("%Z")
    return f"{text} {_('Time in %(zone)s.') % {'zone': zone}}".strip()


class _ScopeFields(forms.Form):
    starts_at = forms.DateTimeField(label=_("Access from"), widget=_DT)
    ends_at = forms.DateTimeField(label=_("Access until"), widget=_DT)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    editions: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Standards"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    clauses: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Clauses"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for every clause of the chosen standards."),
    )
    processes: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Processes"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for every process."),
    )
    record_types = forms.MultipleChoiceField(
        label=_("Record types"), choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from qms.organizations.models import Process
        from qms.standards.models import StandardEdition
        from qms.standards.selectors import adopted_edition_ids, clause_choices

        fields: Any = self.fields
        fields["starts_at"].help_text = _zone_help("")
        fields["ends_at"].help_text = _zone_help(str(_("Access ends by itself at this time.")))
        fields["editions"].queryset = StandardEdition.objects.filter(
            pk__in=adopted_edition_ids(organization=organization)
        )
        fields["clauses"].queryset = clause_choices(organization=organization)
        fields["processes"].queryset = Process.objects.filter(organization=organization).order_by(
            "code", "name"
        )
        fields["record_types"].choices = record_type_choices()


class GrantForm(_ScopeFields):
    grantee_name = forms.CharField(label=_("Name"), max_length=150)
    grantee_email = forms.EmailField(label=_("E-mail"))
    firm = forms.CharField(
        label=_("Organization or firm"),
        max_length=200,
        help_text=_('e.g. "Example Certification Ltd"'),
    )
    grantee_role = forms.ChoiceField(label=_("Role"), choices=GranteeRole.choices)

    field_order = list(GRANT_FIELDS)  # the person first, then the window and scope


class GrantChangeForm(_ScopeFields):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(grant: Any) -> dict[str, Any]:
        return {
            "starts_at": grant.starts_at,
            "ends_at": grant.ends_at,
            "purpose": grant.purpose,
            "editions": list(grant.editions.all()),
            "clauses": list(grant.clauses.all()),
            "processes": list(grant.processes.all()),
            "record_types": list(grant.record_types),
            "version": grant.version,
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    links = forms.CharField(
        label=_("Linked records"),
        required=False,
        help_text=_(
            'Optional: records within the access, one per line as "type id", e.g. "documents 12".'
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_links(self) -> list[list[str]]:
        found: list[list[str]] = []
        for line in str(self.cleaned_data.get("links") or "").splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(_('Write each link as "type id".'))
            found.append(parts)
        return found


class RequestChangeForm(forms.Form):
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due date"), widget=_DATE)

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from qms.accounts.models import User

        fields: Any = self.fields
        fields["owner"].queryset = User.objects.filter(
            memberships__organization=organization
        ).order_by("email")


class EvidenceAskForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to see?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('e.g. "Show me the calibration records for line 2".'),
    )
    due_date = forms.DateField(label=_("Needed by"), widget=_DATE, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still missing?"), widget=forms.Textarea(attrs={"rows": 2})
    )
