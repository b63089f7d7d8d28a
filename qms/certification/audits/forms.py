"""Forms of the audit workspace: team, plan and slots, sending, the checklist item's record
and evidence, a finding, the conclusion. No rules here: the services decide and the pages
show their refusals beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.accounts.models import User
from qms.standards.models import Clause

from ..choices import ChecklistResult, FindingGrade, Recommendation, Stage1Conclusion, TeamRole
from ..models import CertAudit, CertChecklistItem, ClientSite
from . import selectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _members(audit: CertAudit) -> Any:
    from qms.accounts.models import Membership

    ids = Membership.objects.filter(organization_id=audit.organization_id).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "email")


def _team(audit: CertAudit) -> Any:
    return User.objects.filter(pk__in=[m.person_id for m in selectors.members_of(audit)]).order_by(
        "full_name", "email"
    )


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    declaration = forms.CharField(
        label=_("Conflict-of-interest declaration"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Links with the client in the last two years (consultancy, employment), or none."
        ),
    )
    has_conflict = forms.BooleanField(label=_("Declares a conflict of interest"), required=False)

    def __init__(self, *args: Any, audit: CertAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["person"]
        field.queryset = _members(audit)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class PlanForm(forms.Form):
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.CharField(label=_("Audit scope"), widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(label=_("Audit criteria"), widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(
        label=_("Notes for the client"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("Until"), widget=TIME)
    activity = forms.CharField(label=_("Activity"), max_length=200)
    processes = forms.CharField(label=_("Processes"), max_length=300, required=False)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=ClientSite.objects.none(), required=False
    )
    clauses = forms.ModelMultipleChoiceField(
        label=_("Clauses"), queryset=Clause.objects.none(), required=False
    )
    auditor = forms.ModelChoiceField(
        label=_("Auditor"), queryset=User.objects.none(), required=False
    )
    remote = forms.BooleanField(label=_("Remote"), required=False)

    def __init__(self, *args: Any, audit: CertAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["site"].queryset = selectors.audit_sites(audit)
        fields["clauses"].queryset = selectors.programme_clauses(audit)
        fields["clauses"].widget.attrs["size"] = 8
        fields["auditor"].queryset = _team(audit)


class SendForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed since the last version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed from the second version on: the client reads it."),
    )


class ChecklistForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ChecklistResult.choices, required=False)
    notes = forms.CharField(
        label=_("Notes and evidence seen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=ClientSite.objects.none(), required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, audit: CertAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["site"]
        field.queryset = selectors.audit_sites(audit)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file or photo"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*,application/pdf,.docx,.xlsx", "capture": "environment"}
        ),
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class FindingForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=FindingGrade.choices)
    statement = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    objective_evidence = forms.CharField(
        label=_("Objective evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requirement = forms.CharField(
        label=_("Requirement reference"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    clause = forms.ModelChoiceField(
        label=_("Clause"), queryset=Clause.objects.none(), required=False
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=ClientSite.objects.none(), required=False
    )
    checklist_item = forms.ModelChoiceField(
        label=_("Checklist item"),
        queryset=CertChecklistItem.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, audit: CertAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["clause"].queryset = selectors.programme_clauses(audit)
        fields["site"].queryset = selectors.audit_sites(audit)
        fields["checklist_item"].queryset = CertChecklistItem.objects.for_organization(
            audit.organization_id
        ).filter(audit=audit)


class ConclusionForm(forms.Form):
    stage1_conclusion = forms.ChoiceField(
        label=_("Readiness for Stage 2"),
        choices=[("", "—"), *Stage1Conclusion.choices],
        required=False,
    )
    issues_to_fix = forms.CharField(
        label=_("Areas of concern / issues to fix before Stage 2"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conclusion = forms.CharField(
        label=_("Audit conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", "—"), *Recommendation.choices], required=False
    )
    days_spent = forms.DecimalField(
        label=_("Auditor-days spent"), max_digits=5, decimal_places=1, required=False
    )
    time_difference_reason = forms.CharField(
        label=_("Why the time spent differs from the plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, audit: CertAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage1 = audit.kind == "stage1"
        for name in (
            ("conclusion", "recommendation") if stage1 else ("stage1_conclusion", "issues_to_fix")
        ):
            del self.fields[name]
