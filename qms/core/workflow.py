"""Workflows as declarations: a model lists its states and transitions in one place.

A module declares, next to its models,

    PROCESS_WORKFLOW = Workflow(
        field="status",
        states=ProcessStatus,
        transitions=(
            Transition(name="activate", label=_("Activate"), done=_("activated"),
                       source=("draft",), target="active", permission="activate",
                       guards=(rules.has_owner,), event_type=events.PROCESS_ACTIVATED,
                       signature="approved"),
            Transition(name="retire", label=_("Retire"), done=_("retired"),
                       source=("active",), target="retired", permission="retire",
                       reason=True, event_type=events.PROCESS_RETIRED),
        ),
    )
    register_workflow(Process, PROCESS_WORKFLOW)   # from the app's ready()

and gets, with no code of its own: one service (`model_transition`), one page
(`qms.core.views.transitions.ObjectTransitionView`), one API action
(`qms.core.api.transitions.TransitionActionMixin`), buttons on the detail page and the
permission walker's cases. The idea is django-fsm's (a declared state field), without its
signals: the state changes only through `model_transition`, which writes the row, the audit
event and the electronic signature in one transaction, or refuses and writes nothing.

Guards are pure functions from the app's `rules.py`, called with keyword-only `obj` and
`actor`; they return None or the reason in words, which the page shows beside a disabled
button and a refusal names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import permissions, signatures
from .audit import EventType, record_event
from .errors import TransitionRefused
from .services import lock_for_change

M = TypeVar("M", bound=models.Model)


class Effect(Protocol):
    """What a transition does besides changing the state, inside its transaction."""

    def __call__(self, *, obj: Any, actor: Any, reason: str, signature: Any) -> None: ...


class Guard(Protocol):
    """A rule from an app's rules.py: None when the transition may happen, else the reason."""

    def __call__(self, *, obj: Any, actor: Any) -> str | None: ...


@dataclass(frozen=True)
class Transition:
    """One way out of one or more states.

    `permission` is the action of the role matrix the actor needs on the object
    (`<app>.<permission>_<model>`, registered by the app like any other action). `reason`
    asks for a reason for the change (kept in the audit event); `signature` names the meaning
    of the electronic signature the actor must give (re-entered password), e.g. "approved".
    `done` is the past participle used in messages ("Only a draft process can be activated").
    `effects` are the module's services that must run in the same transaction once the state
    is written (e.g. approving a revision supersedes the previous one): each is called with
    keyword-only `obj` (the locked, updated record), `actor`, `reason` and `signature`, and a
    failure rolls the whole step back.
    """

    name: str
    source: tuple[str, ...]
    target: str
    permission: str
    event_type: EventType
    label: str | Promise = ""
    done: str | Promise = ""
    guards: tuple[Guard, ...] = ()
    reason: bool = False
    signature: str | None = None
    effects: tuple[Effect, ...] = ()

    @property
    def title(self) -> str:
        return str(self.label or self.name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Workflow:
    """The states of one model's state field and the transitions between them."""

    field: str
    states: type[models.TextChoices]
    transitions: Sequence[Transition]
    _by_name: dict[str, Transition] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        states = set(self.states.values)
        by_name: dict[str, Transition] = {}
        for step in self.transitions:
            if not step.name.isidentifier() or step.name != step.name.lower():
                raise ImproperlyConfigured(
                    f"Transition name {step.name!r} must be a lower-case identifier."
                )
            if step.name in by_name:
                raise ImproperlyConfigured(f"Transition {step.name!r} is declared twice.")
            unknown = {*step.source, step.target} - states
            if unknown or not step.source:
                raise ImproperlyConfigured(
                    f"Transition {step.name!r} names states that {self.states.__name__} "
                    f"does not have: {sorted(unknown) or 'no source state'}."
                )
            if step.signature is not None and step.signature not in signatures.Meaning.values:
                raise ImproperlyConfigured(
                    f"Transition {step.name!r} asks for a signature meaning "
                    f"{step.signature!r}; choose one of {signatures.Meaning.values}."
                )
            by_name[step.name] = step
        object.__setattr__(self, "_by_name", by_name)

    def transition(self, name: str) -> Transition:
        """The transition called `name`; KeyError when there is none (a 404 to callers)."""
        return self._by_name[name]

    def state_label(self, value: str) -> str:
        labels = dict(self.states.choices)
        return str(labels.get(value, value))

    @property
    def signs(self) -> bool:
        """Whether any transition asks for a signature (the page then lists signatures)."""
        return any(step.signature for step in self.transitions)


_WORKFLOWS: dict[type[models.Model], Workflow] = {}


def register_workflow(model: type[models.Model], workflow: Workflow) -> Workflow:
    """Attach `workflow` to `model`; call it from the owning app's `ready()`.

    The state field must exist, carry exactly the workflow's states as choices and be
    `editable=False`, so no form or serializer can change the state around the workflow.
    """
    label = model._meta.label_lower
    try:
        state_field = model._meta.get_field(workflow.field)
    except FieldDoesNotExist:
        raise ImproperlyConfigured(f"{label} has no field {workflow.field!r}.") from None
    choices = {value for value, _label in getattr(state_field, "choices", None) or ()}
    if choices != set(workflow.states.values):
        raise ImproperlyConfigured(
            f"{label}.{workflow.field} choices differ from {workflow.states.__name__}."
        )
    if getattr(state_field, "editable", True):
        raise ImproperlyConfigured(
            f"{label}.{workflow.field} must be editable=False: only the workflow changes it."
        )
    if model in _WORKFLOWS:
        raise ImproperlyConfigured(f"{label} has a workflow already.")
    _WORKFLOWS[model] = workflow
    return workflow


def workflows() -> Mapping[type[models.Model], Workflow]:
    """Every registered workflow, by model (the permission walker reads it)."""
    return dict(_WORKFLOWS)


def workflow_for(model: type[models.Model]) -> Workflow | None:
    return _WORKFLOWS.get(model)


@checks.register(checks.Tags.models)
def check_transition_permissions(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """Fail closed: a transition whose permission no role holds could never run, and more
    likely its app forgot to register the action in its permission rows."""
    errors = []
    for model, workflow in _WORKFLOWS.items():
        for step in workflow.transitions:
            perm = permissions.perm_name(model, step.permission)
            if not permissions.roles_with_perm(perm):
                errors.append(
                    checks.Error(
                        f"Transition {step.name!r} of {model._meta.label_lower} needs "
                        f"{perm!r}, which no role holds.",
                        hint="Register the action with register_permissions() in the app.",
                        obj=model,
                        id="qms.E020",
                    )
                )
    return errors


# --- Deciding ------------------------------------------------------------------------------


def may_transition(*, user: Any, obj: models.Model, transition: Transition) -> bool:
    """Whether one of the user's roles holds the transition's permission on this object.

    Uses the registry's object-level check (`has_object_perm`: conditions such as "the
    process owner, on the processes they own" or separation of duties apply; a member with
    several roles passes when any of them does, unconditionally or under its condition).
    """
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is None:
        return False
    return permissions.has_object_perm(
        user, obj, transition.permission, organization=organization_id
    )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _state_refusal(workflow: Workflow, step: Transition, obj: models.Model) -> str | None:
    current = getattr(obj, workflow.field)
    if current in step.source:
        return None
    sources = [workflow.state_label(value).lower() for value in step.source]
    allowed = " or ".join(sources)
    noun = str(obj._meta.verbose_name)
    done = str(step.done or _("moved on by “%(label)s”") % {"label": step.title})
    return _("Only %(article)s %(states)s %(noun)s can be %(done)s; this one is %(current)s.") % {
        "article": _article(allowed),
        "states": allowed,
        "noun": noun,
        "done": done,
        "current": workflow.state_label(current).lower(),
    }


def blocked_reason(
    workflow: Workflow, step: Transition, *, obj: models.Model, actor: Any
) -> str | None:
    """Why the transition cannot run on `obj` now, before any input: the state, the
    permission or a guard. None when only the actor's input (reason, password) is missing."""
    problem = _state_refusal(workflow, step, obj)
    if problem:
        return problem
    if not may_transition(user=actor, obj=obj, transition=step):
        return _(
            "Your role in this organization does not allow you to %(action)s this %(noun)s."
        ) % {
            "action": step.title.lower(),
            "noun": obj._meta.verbose_name,
        }
    for guard in step.guards:
        problem = guard(obj=obj, actor=actor)
        if problem:
            return problem
    return None


def _input_refusal(
    step: Transition, *, reason: str, password: str | None, meaning: str | None
) -> TransitionRefused | None:
    if step.reason and not reason:
        message = _("A reason is required.")
        return TransitionRefused(message, errors={"reason": [message]})
    if step.signature is not None:
        if meaning and meaning != step.signature:
            message = _("This step is signed with the meaning “%(expected)s”, not “%(given)s”.") % {
                "expected": signatures.Meaning(step.signature).label,
                "given": meaning,
            }
            return TransitionRefused(message, errors={"meaning": [message]})
        if not password:
            message = _(
                "A signature is required: enter your password to sign as “%(meaning)s”."
            ) % {"meaning": signatures.Meaning(step.signature).label}
            return TransitionRefused(message, errors={"password": [message]})
    return None


@dataclass(frozen=True)
class AvailableTransition:
    """A transition the user may take from the object's current state (for buttons)."""

    transition: Transition
    blocked: str | None  # a guard's reason: the button is shown disabled with it

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return self.transition.title


def available_transitions(*, user: Any, obj: models.Model) -> list[AvailableTransition]:
    """Transitions out of the object's current state for which the user holds the
    permission, each with the reason a guard blocks it (None when it may run)."""
    workflow = workflow_for(type(obj))
    if workflow is None:
        return []
    found = []
    for step in workflow.transitions:
        if _state_refusal(workflow, step, obj) is not None:
            continue
        if not may_transition(user=user, obj=obj, transition=step):
            continue
        blocked = next(
            (problem for guard in step.guards if (problem := guard(obj=obj, actor=user))), None
        )
        found.append(AvailableTransition(transition=step, blocked=blocked))
    return found


# --- The one transition service ------------------------------------------------------------


def model_transition(
    *,
    actor: Any,
    instance: M,
    transition: str | Transition,
    reason: str = "",
    password: str | None = None,
    meaning: str | None = None,
    version: int | None = None,
) -> M:
    """Move `instance` along one declared transition, or refuse and write nothing.

    Order of work, and why:
    1. The conditions are checked on a fresh read of the row (state, permission, guards,
       reason, signature meaning and password present), so a plain refusal costs no
       password check and no lock.
    2. A required signature's password is verified next, *outside* the transition's
       transaction: a wrong password is logged (`signature.failed`) in its own transaction
       that survives the refusal, and repeated failures lock signing for a while.
    3. In one transaction: the row is locked and re-read (`lock_for_change`, which refuses a
       stale `version`), every condition is checked again on that copy, then the state and
       version are written, the signature stored and the audit event recorded with the
       before/after state, the reason and the signature's id.

    Raises `TransitionRefused` (409 in the API) naming the unmet condition, `StaleVersion`
    when `version` is not the stored one, KeyError for an undeclared transition name.
    Returns the stored record as saved.
    """
    model = type(instance)
    workflow = workflow_for(model)
    if workflow is None:
        raise ImproperlyConfigured(f"{model._meta.label_lower} has no workflow.")
    step = workflow.transition(transition) if isinstance(transition, str) else transition
    reason = (reason or "").strip()
    meaning = meaning or None

    def refuse_if_unmet(obj: M, *, with_input: bool) -> None:
        problem = blocked_reason(workflow, step, obj=obj, actor=actor)
        if problem:
            raise TransitionRefused(problem)
        if with_input:
            refused = _input_refusal(step, reason=reason, password=password, meaning=meaning)
            if refused is not None:
                raise refused

    refuse_if_unmet(model._base_manager.get(pk=instance.pk), with_input=True)
    if step.signature is not None:
        signatures.signature_verify_password(
            signer=actor, password=password or "", obj=instance, transition=step.name
        )

    with transaction.atomic():
        current = lock_for_change(instance, version=version)
        refuse_if_unmet(current, with_input=False)
        before = getattr(current, workflow.field)
        signature = None
        if step.signature is not None:
            signature = signatures.signature_record(
                signer=actor,
                obj=current,
                meaning=step.signature,
                transition=step.name,
                reason=reason,
            )
        # Only the state (a declared value) and the bookkeeping change: no full_clean(), which
        # would re-validate fields this step does not touch and refuse it for their sake.
        setattr(current, workflow.field, step.target)
        update_fields = [workflow.field]
        concrete = {f.name for f in model._meta.concrete_fields}
        if "version" in concrete:
            current.version += 1  # type: ignore[attr-defined]  # the row is locked
            update_fields.append("version")
        if "updated_at" in concrete:
            update_fields.append("updated_at")
        current.save(update_fields=update_fields)
        data: dict[str, Any] = {
            "transition": step.name,
            "reason": reason,
            "signature": signature.pk if signature is not None else None,
        }
        if "version" in concrete:
            # Like model_update's events: a stale edit can then name what this step changed.
            data["version"] = current.version  # type: ignore[attr-defined]
        if signature is not None:
            # In the hashed event, so the chain also vouches for what was signed and how.
            data["signature_meaning"] = signature.meaning
            data["signature_hash"] = signature.content_hash
        record_event(
            actor=actor,
            event_type=step.event_type,
            subject=current,
            before={workflow.field: before},
            after={workflow.field: step.target},
            data=data,
        )
        for effect in step.effects:
            effect(obj=current, actor=actor, reason=reason, signature=signature)
    return current
