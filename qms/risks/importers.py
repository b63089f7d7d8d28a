"""Importing an existing risk register from a sheet: one row per entry, matched by title (case
ignored). A new row is recorded through `risk_create` (numbered RSK-/OPP-), an existing entry
has the columns the sheet gives updated through `risk_update` (a re-rating is kept in its
history). Ratings must be levels of the organization's matrix: a level outside it is an error
beside its column and the row is not written. The same sheet again changes nothing.

Registered from the risks AppConfig.ready(); the page is /imports/risks.risks/.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qms.accounts.models import User
from qms.core.imports import (
    Column,
    ImportContext,
    Importer,
    RowError,
    choice,
    integer,
    register_importer,
    text,
)
from qms.core.imports.framework import Outcome
from qms.organizations.models import Process

from .choices import RiskKind, Treatment
from .models import Risk
from .services import risk_create, risk_update

_LEVEL = integer(minimum=1, maximum=5)
_RATINGS = (
    "inherent_likelihood",
    "inherent_consequence",
    "residual_likelihood",
    "residual_consequence",
    "value",
    "effort",
)


class RiskImporter(Importer):
    kind = "risks.risks"
    label = _("Risks and opportunities")
    description = _(
        "One row per risk or opportunity; an existing entry (same title) is updated. Ratings "
        "are levels of your rating matrix (1 = lowest)."
    )
    permission = ("risks.risk", "import")
    columns = (
        Column("title", required=True, parse=text(max_length=200)),
        Column(
            "kind",
            help=_("risk or opportunity."),
            parse=choice(RiskKind.choices),
            default=RiskKind.RISK,
        ),
        Column("owner", required=True, help=_("E-mail address of a member.")),
        Column("process", help=_("Code or name of a process."), default=""),
        Column("description", default=""),
        Column("cause", default=""),
        Column("effect", default=""),
        Column("benefit", default=""),
        *(Column(name, parse=_LEVEL) for name in _RATINGS),
        Column(
            "treatment",
            help=_(
                "avoid, take, remove_source, change_likelihood, change_consequence, share, retain."
            ),
            parse=choice(Treatment.choices),
            default="",
        ),
        Column("treatment_plan", default=""),
        Column("review_interval_months", parse=integer(minimum=1, maximum=60)),
    )
    key_columns = ("title",)

    def _values(self, cleaned: dict[str, Any], context: ImportContext) -> dict[str, Any]:
        values = {k: v for k, v in cleaned.items() if k not in ("owner", "process")}
        owner = User.objects.filter(
            email__iexact=cleaned["owner"].strip(),
            memberships__organization=context.organization,
        ).first()
        if owner is None:
            raise RowError({"owner": [str(_("No member has this e-mail address."))]})
        values["owner"] = owner
        if cleaned.get("process"):
            wanted = cleaned["process"].strip()
            process = (
                Process.objects.for_organization(context.organization)
                .filter(code__iexact=wanted)
                .first()
                or Process.objects.for_organization(context.organization)
                .filter(name__iexact=wanted)
                .first()
            )
            if process is None:
                raise RowError({"process": [str(_("No process has this code or name."))]})
            values["processes"] = [process]
        return {k: v for k, v in values.items() if v is not None}

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        values = self._values(cleaned, context)
        risk = (
            Risk.objects.for_organization(context.organization)
            .filter(title__iexact=cleaned["title"])
            .first()
        )
        try:
            if risk is None:
                risk_create(actor=context.actor, organization=context.organization, data=values)
                return "created"
            changed = {
                name: value
                for name, value in values.items()
                if name not in ("title", "kind")
                and (
                    sorted(p.pk for p in value) != sorted(p.pk for p in risk.processes.all())
                    if name == "processes"
                    else getattr(risk, name) != value
                )
            }
            if not changed:
                return "unchanged"
            risk_update(actor=context.actor, instance=risk, data=changed)
        except ValidationError as error:
            raise RowError(error.message_dict) from None
        return "updated"


def register() -> None:
    register_importer(RiskImporter)
