"""Forms of the programme pages: a new programme, its notes, the decision date, a special
audit, planning an audit, recording it as done, and the calendar's filters. No rules here:
the services decide and the views show their refusals beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import TenantModelForm
from qms.standards.models import IafCode, StandardEdition

from ..body.selectors import cb_member_condition
from ..choices import ApplicationStatus
from ..models import CertAudit, CertificationProgramme, ClientSite
from .selectors import team_members_of
from .specs import CERT_AUDIT, PROGRAMME, PROGRAMME_EDIT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _editions() -> Any:
    return StandardEdition.objects.select_related("standard").order_by("standard__code", "edition")


class ProgrammeForm(TenantModelForm):
    """A new programme: the client, the cycle, its standards and IAF codes (prefilled from
    an accepted application), and for a recertification or transfer the current
    certificate's expiry."""

    stage1 = forms.BooleanField(
        label=_("Repeat Stage 1 (recertification)"),
        required=False,
        help_text=_(
            "Only after significant changes to the management system, the organization or "
            "its context (e.g. new legislation)."
        ),
    )

    class Meta:
        model = CertificationProgramme
        fields = PROGRAMME.fields
        widgets = {"previous_expiry": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "previous_expiry": _(
                "Recertification: the expiring certificate. Transfer: the transferred "
                "certificate's expiry (its cycle's schedule continues)."
            ),
            "application": _("An accepted application of the client (optional)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["application"].queryset = (
            fields["application"]
            .queryset.filter(status=ApplicationStatus.ACCEPTED)
            .select_related("client")
        )
        fields["editions"].queryset = _editions()
        fields["iaf_codes"].queryset = IafCode.objects.order_by("position", "code")
        fields["editions"].widget.attrs["size"] = 6
        fields["iaf_codes"].widget.attrs["size"] = 8


class ProgrammeEditForm(TenantModelForm):
    class Meta:
        model = CertificationProgramme
        fields = PROGRAMME_EDIT_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class DecisionForm(forms.Form):
    decision_date = forms.DateField(
        label=_("Decision date (D0)"),
        widget=DATE,
        help_text=_(
            "The cycle's dates (surveillance windows, expiry, recertification) are computed "
            "from it with your body's policy."
        ),
    )
    reason = forms.CharField(
        label=_("Record (reason)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who decided, on what basis (kept in the audit trail)."),
    )


class SpecialAuditForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Scope extension, short-notice audit, follow-up of major nonconformities, "
            "transfer visit (§9.6.4)."
        ),
    )
    due_by = forms.DateField(label=_("Due by"), required=False, widget=DATE)


class PlanForm(TenantModelForm):
    """The days, auditor-days, team and sites of one audit."""

    class Meta:
        model = CertAudit
        fields = CERT_AUDIT.fields
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "override_justification": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "override_justification": _(
                "Needed only when the date is outside the certification body's window (a "
                "soft rule); it is kept with the audit as a warning."
            ),
            "lead_auditor": _("Qualified as lead auditor for the programme's standards and codes."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: CertAudit | None = kwargs.get("instance")
        fields: Any = self.fields
        fields["start_date"].required = True
        people = (
            fields["lead_auditor"]
            .queryset.filter(pk__in=self._cb_members().values("user_id"))
            .order_by("full_name", "email")
        )
        fields["lead_auditor"].queryset = people
        fields["team"].queryset = people
        if instance is not None and instance.pk and team_members_of(instance) is not None:
            for name in ("lead_auditor", "team"):
                fields[name].disabled = True
                fields[name].help_text = _(
                    "Kept on the audit's workspace, with each member's competence check and "
                    "declaration."
                )
        if instance is not None and instance.programme_id:
            fields["sites"].queryset = ClientSite.objects.for_organization(
                self.organization
            ).filter(client_id=instance.programme.client_id)

    def _cb_members(self) -> Any:
        from qms.accounts.models import Membership

        return Membership.objects.filter(organization=self.organization).filter(
            cb_member_condition()
        )


class CompleteForm(forms.Form):
    end_date = forms.DateField(
        label=_("Last day of the audit"),
        widget=DATE,
        help_text=_("For Stage 2, majors found must be verified within the body's limit of it."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class CalendarFilterForm(forms.Form):
    template_name = "core/forms/filter_form.html"

    auditor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Auditor"), queryset=None, required=False, empty_label=_("Every auditor")
    )
    standard: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Standard"), queryset=None, required=False, empty_label=_("Every standard")
    )

    def __init__(self, *args: Any, auditors: Any, editions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["auditor"].queryset = auditors
        fields["standard"].queryset = editions
