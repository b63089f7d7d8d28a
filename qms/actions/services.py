"""Writes of the action tracker: the one way any module creates and changes actions.

`action_create(..., origin=record, kind="corrective", cycle=n)` is what other modules call
(nonconformities now; audits, reviews, risks and objectives later): the action keeps a
generic link to its origin, so no module needs a table of its own. State changes go through
the declared workflow (`workflows.py`, `qms.core.workflow.model_transition`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.accounts.models import Membership
from qms.core.notifications import notify
from qms.core.permissions import MemberRoles, role_has_perm
from qms.core.querysets import owning_organization_id
from qms.core.services import lock_for_change, model_create, model_update, sequence_next

from . import events, rules
from .choices import OPEN_STATES, ActionKind
from .models import Action
from .origins import origin_refusal
from .specs import ACTION

if TYPE_CHECKING:
    from qms.accounts.models import User

# Set by the service only, never by a form or a client.
_INTERNAL = ("number", "origin_type", "origin_id", "origin_label", "cycle", "created_by")
_COMPLETION = ("completed_at", "completed_by", "completion_note")


def _check_owner(organization_id: int, owner: Any) -> None:
    if owner is None:
        return  # "required" is the model's to say, beside the field
    memberships = Membership.objects.filter(
        organization_id=organization_id, user_id=getattr(owner, "pk", None)
    )
    found = memberships.values_list("role", "additional_roles").first()
    roles = MemberRoles(found[0], found[1] or ()) if found is not None else None
    problem = rules.owner_problem(
        is_member=roles is not None,
        is_active=bool(owner.is_active),
        may_complete=role_has_perm(roles, "actions.complete_action"),
    )
    if problem:
        raise ValidationError({"owner": _(problem)})


def _check_origin(organization_id: int, origin: models.Model) -> None:
    if origin.pk is None or isinstance(origin, Action):
        raise ValidationError({"origin": _("Choose a saved record of your organization.")})
    if owning_organization_id(origin) != organization_id:
        raise ValidationError({"origin": _("Choose one of your organization's records.")})
    refusal = origin_refusal(origin)
    if refusal:
        raise ValidationError({"origin": refusal})


def _tell_owner(action: Action, actor: Any) -> None:
    """The new owner hears of it (in the product and, on commit, by e-mail)."""
    if action.owner_id == getattr(actor, "pk", None):
        return
    notify(
        recipients=[action.owner],
        organization=action.organization,
        kind="actions.assigned",
        title=_("Action for you: %(action)s") % {"action": action},
        body=_("Due on %(date)s.") % {"date": action.due_date.strftime("%d %b %Y")},
        url=action.get_absolute_url(),
    )


@transaction.atomic
def action_create(
    *,
    actor: User | None,
    organization: Any,
    data: Mapping[str, Any],
    origin: models.Model | None = None,
    kind: str | None = None,
    cycle: int = 1,
) -> Action:
    """A new action `ACT-<year>-<nnnn>` of the organization, owned by `data["owner"]`.

    `origin` is the record it comes from (of the same organization), `kind` one of
    ActionKind (default: `data["kind"]`, else "action"), `cycle` the origin's action cycle.
    """
    values = dict(data)
    chosen = kind if kind is not None else values.get("kind") or ActionKind.ACTION
    if chosen not in ActionKind.values:
        raise ValidationError({"kind": _("Choose one of: %s.") % ", ".join(ActionKind.values)})
    values["kind"] = chosen
    if not isinstance(cycle, int) or isinstance(cycle, bool) or not 1 <= cycle <= 32767:
        raise ValidationError({"cycle": _("The cycle is a whole number from 1.")})
    _check_owner(organization.pk, values.get("owner"))
    if origin is not None:
        _check_origin(organization.pk, origin)
        values["origin_type"] = ContentType.objects.get_for_model(origin)
        values["origin_id"] = origin.pk
        values["origin_label"] = str(origin)[:255]
    unknown = sorted(set(values) - set(ACTION.fields) - set(_INTERNAL))
    if unknown:  # before a number is taken
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be set here.")))
    year = timezone.localdate().year
    number = sequence_next(organization_id=organization.pk, key="action", year=year)
    values["number"] = f"ACT-{year}-{number:04d}"
    values["cycle"] = cycle
    values["created_by"] = actor if getattr(actor, "is_authenticated", False) else None
    action = model_create(
        actor=actor,
        model=Action,
        organization=organization,
        data=values,
        fields=(*ACTION.fields, *_INTERNAL),
        event_type=events.ACTION_CREATED,
    )
    _tell_owner(action, actor)
    return action


@transaction.atomic
def action_update(
    *, actor: User, instance: Action, data: Mapping[str, Any], version: int | None = None
) -> Action:
    """Change an open action's details; owner and due-date changes are audited like the
    rest (before/after), and a new owner is told."""
    # The rules read the stored row under its lock (a completion in between is seen).
    stored = lock_for_change(instance, version=version)
    if stored.status not in OPEN_STATES:
        raise ValidationError(
            _("A done or cancelled action is not edited: reopen it first (with a reason).")
        )
    if "owner" in data:
        _check_owner(stored.organization_id, data["owner"])
    if "kind" in data:
        problem = rules.kind_change_problem(
            has_origin=stored.origin_type_id is not None, old=stored.kind, new=data["kind"]
        )
        if problem:
            raise ValidationError({"kind": _(problem)})
    previous_owner = stored.owner_id
    action, changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=ACTION.fields,
        event_type=events.ACTION_UPDATED,
        version=version,
    )
    if changed and action.owner_id != previous_owner:
        _tell_owner(action, actor)
    return action


def _write_completion(obj: Action, actor: Any, data: Mapping[str, Any], event: Any) -> None:
    saved, _changed = model_update(
        actor=actor, instance=obj, data=data, fields=_COMPLETION, event_type=event
    )
    for name in (*_COMPLETION, "version", "updated_at"):  # the caller reads `obj` back
        setattr(obj, name, getattr(saved, name))


def action_record_completion(*, obj: Action, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "complete": who completed it, when, and the note (the step's reason)."""
    _write_completion(
        obj,
        actor,
        {"completed_at": timezone.now(), "completed_by": actor, "completion_note": reason},
        events.ACTION_COMPLETION_RECORDED,
    )


def action_clear_completion(*, obj: Action, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "reopen": the action is to do again (the completion stays in the history)."""
    _write_completion(
        obj,
        actor,
        {"completed_at": None, "completed_by": None, "completion_note": ""},
        events.ACTION_COMPLETION_CLEARED,
    )
