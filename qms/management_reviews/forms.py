"""Forms of management reviews: the review (period defaulted when left empty), the minutes
and conclusion, an attendance line, a section's text and a decision (output) with its
action's owner and due date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from qms.accounts.models import User
from qms.core.forms import TenantModelForm
from qms.core.querysets import limit_to_organization

from .choices import AttendanceStatus, OutputKind
from .models import Attendance, ManagementReview
from .specs import REVIEW

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_Base: Any = REVIEW.form_class()


class ReviewForm(_Base):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("period_start", "period_end"):
            self.fields[name].required = False
        self.fields["period_start"].help_text = _(
            "Left empty: the day after the previous review's period (or twelve months back)."
        )
        self.fields["period_end"].help_text = _("Left empty: the day before the meeting.")


_MinutesBase: Any = modelform_factory(
    ManagementReview,
    form=TenantModelForm,
    fields=("minutes", "conclusion"),
    widgets={
        "minutes": forms.Textarea(attrs={"rows": 14}),
        "conclusion": forms.Textarea(attrs={"rows": 5}),
    },
)


class MinutesForm(_MinutesBase):  # type: ignore[misc]
    held_on = forms.DateField(
        label=_("Held on"), required=False, widget=_DATE, help_text=_("The day of the meeting.")
    )

    field_order = ("held_on", "minutes", "conclusion")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not self.is_bound:
            self.initial.setdefault("held_on", self.instance.held_on)


AttendanceForm: Any = modelform_factory(
    Attendance, form=TenantModelForm, fields=("user", "name", "role", "status")
)


class AttendanceStatusForm(forms.Form):
    role = forms.CharField(label=_("Role or function"), max_length=200)
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)


class SectionTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown. Kept when the pack is compiled again."),
    )


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=OutputKind.choices)
    decision = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    title = forms.CharField(
        label=_("Action title"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the first line of the decision."),
    )
    owner = forms.ModelChoiceField(label=_("Action owner"), queryset=User.objects.all())
    due_date = forms.DateField(label=_("Due date"), widget=_DATE)

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["owner"]
        field.queryset = limit_to_organization(field.queryset, organization)
