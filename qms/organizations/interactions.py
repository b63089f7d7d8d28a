"""Process interactions (ISO 9001 §4.4 b), the arrows of the process map: their field spec
and their writes. Both processes must belong to the interaction's organization; a process
cannot feed itself; a pair is drawn once per direction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.core.services import model_create, model_delete, model_update
from qms.core.specs import ModelSpec
from qms.core.tables import Column

from . import events
from .models import ProcessInteraction

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization

INTERACTION = ModelSpec(
    model=ProcessInteraction,
    fields=("from_process", "to_process", "flow", "note"),
    columns=(
        Column("from_process", label=_("From"), sort="from_process__name"),
        Column("to_process", label=_("To"), sort="to_process__name"),
        Column("flow", link=True),
    ),
    detail=(
        Column("from_process"),
        Column("to_process"),
        Column("flow"),
        Column("note"),
        Column("updated_at", sort=False),
    ),
    widgets={"note": forms.Textarea(attrs={"rows": 3})},
)


def _check_processes(organization_id: int, values: Mapping[str, Any]) -> None:
    errors = {
        name: "Choose a process of your organization."
        for name in ("from_process", "to_process")
        if values.get(name) is not None
        and getattr(values[name], "organization_id", None) != organization_id
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def interaction_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> ProcessInteraction:
    """Draw an arrow from one process to another, saying what flows."""
    _check_processes(organization.pk, data)
    try:
        with transaction.atomic():
            interaction: ProcessInteraction = model_create(
                actor=actor,
                model=ProcessInteraction,
                organization=organization,
                data=data,
                fields=INTERACTION.fields,
                event_type=events.INTERACTION_CREATED,
            )
    except IntegrityError:  # a parallel twin passed validation first
        raise ValidationError(
            {"to_process": "These two processes are already linked this way."}
        ) from None
    return interaction


@transaction.atomic
def interaction_update(
    *,
    actor: User,
    instance: ProcessInteraction,
    data: Mapping[str, Any],
    version: int | None = None,
) -> ProcessInteraction:
    _check_processes(instance.organization_id, data)
    interaction, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=INTERACTION.fields,
        event_type=events.INTERACTION_UPDATED,
        version=version,
    )
    return interaction


@transaction.atomic
def interaction_delete(
    *, actor: User, instance: ProcessInteraction, version: int | None = None
) -> None:
    """Remove an arrow from the map (the audit trail keeps what it said)."""
    model_delete(
        actor=actor, instance=instance, event_type=events.INTERACTION_DELETED, version=version
    )


class InteractionFilterSet(SearchFilterSet):
    search_fields = ("flow", "note", "from_process__name", "to_process__name")

    class Meta(SearchFilterSet.Meta):
        model = ProcessInteraction
        fields = ["q", "from_process", "to_process"]
