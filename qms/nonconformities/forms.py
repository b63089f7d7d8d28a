"""Forms of the register's pages, built from the field spec (specs.py). No rules here: the
services and the workflow decide."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core.forms import TenantModelForm
from qms.core.specs import check_form
from qms.standards.forms import ClauseMultipleChoiceField

from .models import Nonconformity
from .selectors import risk_queryset
from .specs import NONCONFORMITY


class NonconformityForm(TenantModelForm):
    """The report and its edits; the linked clauses come from the standards module."""

    class Meta:
        model = Nonconformity
        fields = NONCONFORMITY.fields
        widgets = dict(NONCONFORMITY.widgets)

    def __init__(
        self, *args: Any, organization: Any, linked: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["clauses"] = ClauseMultipleChoiceField(
            organization=organization,
            label=_("Clauses not fulfilled"),
            help_text=_("The requirements of the adopted standards this is about."),
        )
        self.fields["risk"].queryset = risk_queryset(  # type: ignore[attr-defined]
            organization=organization, current=self.instance.risk_id
        )
        self.fields["risk"].help_text = _(
            "The entry of the risk register (a risk, not closed) this nonconformity bears on."
        )
        if self.instance.pk is not None:
            self.fields["clauses"].initial = [clause.pk for clause in linked or []]
        else:
            # A new report: what happened first; the rest is filled in as the work goes on.
            for name in ("containment", "correction", "verification_due"):
                self.fields[name].help_text = str(self.fields[name].help_text) + str(
                    _(" Can be filled in later.")
                )


check_form(NONCONFORMITY, NonconformityForm)
