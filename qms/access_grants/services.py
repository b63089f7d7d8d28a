"""Writes of external access: granting (with an account for a new person), changing the
window or scope (audited), revoking, logging the pages the person opens, and evidence
requests (asked in the portal, answered by the organization, closed or re-opened).

Evidence requests are tracked to answer through the shared action tracker: each round of a
request (the first, and each re-opening) raises one action for the request's owner with the
request as origin, completed by the answer. So they appear in the owner's action list,
reminders, overdue figures and the home card like every other action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from qms.accounts.models import User
from qms.accounts.selectors import check_member
from qms.accounts.services.users import user_create
from qms.core.audit import record_event
from qms.core.errors import Conflict, TransitionRefused
from qms.core.services import lock_for_change, model_create, model_update, sequence_next
from qms.core.workflow import model_transition, workflow_for

from . import events, rules
from .choices import GrantState, GrantStatus, RequestStatus
from .models import AccessGrant, EvidenceRequest
from .records import record_types

if TYPE_CHECKING:
    from qms.organizations.models import Organization

# What a manager sets on a grant; the rest (number, grantee, status...) is derived.
GRANT_FIELDS = (
    "grantee_name",
    "grantee_email",
    "firm",
    "grantee_role",
    "purpose",
    "starts_at",
    "ends_at",
    "editions",
    "clauses",
    "processes",
    "record_types",
)
# What changes on an existing grant (the person stays the same: a new person, a new grant).
GRANT_CHANGE_FIELDS = (
    "purpose",
    "starts_at",
    "ends_at",
    "editions",
    "clauses",
    "processes",
    "record_types",
)
REQUEST_DAYS = 5  # default time to answer a request


def _settable(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """A copy of `data`, refused when it names a field outside `fields` (checked before the
    service adds the derived ones, which model_create's own check would then let through)."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    return dict(data)


def _check_scope(organization: Organization, values: Mapping[str, Any]) -> None:
    """Standards adopted, clauses of them, known record types. (Processes of another
    organization are refused by model_create/model_update, as any related record.)"""
    from qms.standards.selectors import adopted_edition_ids

    errors: dict[str, str] = {}
    adopted = set(adopted_edition_ids(organization=organization))
    editions = list(values.get("editions") or ())
    if "editions" in values:
        if not editions:
            errors["editions"] = "Choose at least one of the standards you adopted."
        elif any(e.pk not in adopted for e in editions):
            errors["editions"] = "Choose standards your organization adopted."
    chosen = {e.pk for e in editions} if editions else adopted
    for clause in values.get("clauses") or ():
        if clause.edition_id not in chosen:
            errors["clauses"] = "Choose clauses of the chosen (adopted) standards."
            break
    if "record_types" in values:
        kinds = values.get("record_types")
        if not isinstance(kinds, (list, tuple)) or not all(isinstance(k, str) for k in kinds):
            errors["record_types"] = "Give a list of record types."
        elif not kinds:
            errors["record_types"] = "Choose at least one record type."
        else:
            unknown = rules.unknown_record_types(chosen=kinds, known=record_types())
            if unknown:
                errors["record_types"] = "Unknown record type: " + ", ".join(unknown) + "."
    if errors:
        raise ValidationError(errors)


def _check_window(values: Mapping[str, Any]) -> None:
    problems = rules.window_problems(
        starts_at=values.get("starts_at"),
        ends_at=values.get("ends_at"),
        max_days=settings.ACCESS_GRANTS_MAX_DAYS,
    )
    if problems:
        raise ValidationError(problems)


def _account_for(*, actor: User, email: str, name: str) -> tuple[User, bool]:
    """The account of `email`, created without a password (and without any membership)
    when there is none; True when it was created."""
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing, False
    return user_create(actor=actor, email=email, password=None, full_name=name), True


def _set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", args=[uid, token])
    return f"{settings.BASE_URL}{path}"


def _mail_grantee(grant: AccessGrant, *, created: bool) -> None:
    """Tell the person about the access (after commit); a new account gets a one-time link
    to set its password (the password-reset token: valid once, expires)."""
    link = _set_password_link(grant.grantee) if created else ""
    context = {
        "grant": grant,
        "organization": grant.organization,
        "link": link,
        "portal": f"{settings.BASE_URL}{reverse('external:home')}",
        "login": f"{settings.BASE_URL}{reverse('accounts:login')}?next={reverse('external:home')}",
        "site_name": settings.SITE_NAME,
    }
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Read-only access to {grant.organization.name} on {settings.SITE_NAME}",
            message=render_to_string("access_grants/email/granted.txt", context),
            from_email=None,
            recipient_list=[grant.grantee_email],
        )
    )


@transaction.atomic
def grant_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> AccessGrant:
    """A new grant `AG-<year>-NNN` for a named person; their account is made when the
    e-mail has none (no membership, no usable password, a link to set one is e-mailed)."""
    values = _settable(data, GRANT_FIELDS)
    email = User.objects.normalize_email(str(values.get("grantee_email") or "")).strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"grantee_email": "Enter a valid e-mail address."}) from None
    values["grantee_email"] = email
    values.setdefault("editions", [])
    values.setdefault("record_types", [])
    _check_window(values)
    _check_scope(organization, values)
    name = str(values.get("grantee_name") or "").strip()
    grantee, created = _account_for(actor=actor, email=email, name=name)
    if grantee.pk == actor.pk:
        raise ValidationError({"grantee_email": "You cannot grant access to yourself."})
    start = values["starts_at"]
    sequence = sequence_next(organization_id=organization.pk, key="access_grant", year=start.year)
    values["number"] = f"AG-{start.year}-{sequence:03d}"
    values["grantee"] = grantee
    values["granted_by"] = actor
    grant: AccessGrant = model_create(
        actor=actor,
        model=AccessGrant,
        organization=organization,
        data=values,
        fields=(*GRANT_FIELDS, "number", "grantee", "granted_by"),
        event_type=events.GRANT_CREATED,
    )
    _mail_grantee(grant, created=created)
    return grant


@transaction.atomic
def grant_update(
    *, actor: User, instance: AccessGrant, data: Mapping[str, Any], version: int | None = None
) -> AccessGrant:
    """Change the window (extend, shorten) or the scope of a grant that is not revoked:
    one audited change with before and after."""
    values = dict(data)  # fields outside GRANT_CHANGE_FIELDS: refused by model_update
    stored = lock_for_change(instance, version=version)
    if stored.status == GrantStatus.REVOKED:
        raise Conflict("A revoked access is not changed: grant a new one.")
    _check_window(
        {
            "starts_at": values.get("starts_at", stored.starts_at),
            "ends_at": values.get("ends_at", stored.ends_at),
        }
    )
    _check_scope(stored.organization, values)
    grant, _changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=GRANT_CHANGE_FIELDS,
        event_type=events.GRANT_UPDATED,
        version=version,
    )
    return grant


def grant_revoke(*, actor: User, instance: AccessGrant, reason: str) -> AccessGrant:
    """Revoke at once (the declared step "revoke", with its reason)."""
    revoked: AccessGrant = model_transition(
        actor=actor, instance=instance, transition="revoke", reason=reason
    )
    return revoked


def grant_record_revocation(*, obj: AccessGrant, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "revoke": who revoked it, when and why on the grant itself; the person is
    told by e-mail after commit."""
    obj.revoked_at = timezone.now()
    obj.revoked_by = actor
    obj.revoke_reason = reason
    obj.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    email, organization = obj.grantee_email, obj.organization.name
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Your access to {organization} on {settings.SITE_NAME} has ended",
            message=(
                f"Your read-only access {obj.number} to {organization} was revoked "
                f"and no longer opens any page.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    )


@transaction.atomic
def page_view_record(
    *, actor: User, grant: AccessGrant, path: str, record: Any = None, record_type: str = ""
) -> None:
    """One access-log line: the person opened `path` (and `record`) through `grant`."""
    data: dict[str, Any] = {"path": path[:500], "record_type": record_type}
    if record is not None:
        data["record"] = {
            "type": record._meta.label_lower,
            "id": record.pk,
            "label": str(record)[:200],
        }
    record_event(actor=actor, event_type=events.PAGE_VIEWED, subject=grant, data=data)


@transaction.atomic
def page_denial_record(*, actor: User, grant: AccessGrant, path: str) -> None:
    """One access-log line: the person asked for `path` through the open `grant` and was
    refused (404: a record or type outside the grant's scope)."""
    record_event(
        actor=actor, event_type=events.PAGE_DENIED, subject=grant, data={"path": path[:500]}
    )


# --- Evidence requests ---------------------------------------------------------------------


def _raise_action(request: EvidenceRequest, *, actor: Any) -> None:
    from qms.actions.services import action_create

    action_create(
        actor=actor,
        organization=request.organization,
        data={
            "title": f"Answer evidence request {request.number} ({request.grant.firm})"[:200],
            "description": request.text,
            "owner": request.owner,
            "due_date": request.due_date,
        },
        origin=request,
        cycle=request.round,
    )


def _check_grant_open(grant: AccessGrant) -> None:
    state = rules.grant_state(
        status=grant.status, starts_at=grant.starts_at, ends_at=grant.ends_at, now=timezone.now()
    )
    problem = rules.may_grantee_act(state=state)
    if problem:
        raise Conflict(problem)


@transaction.atomic
def request_create(*, actor: User, grant: AccessGrant, data: Mapping[str, Any]) -> EvidenceRequest:
    """The external person asks for evidence; the grant's issuer owns the answer (the
    organization may hand it on), due in REQUEST_DAYS days unless the person asks for a
    later date. An action is raised in the shared tracker for the owner."""
    values = _settable(data, ("text", "due_date"))
    if grant.grantee_id != actor.pk:
        raise Conflict("Only the person the access was granted to asks through it.")
    _check_grant_open(grant)
    text = str(values.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": "Say what you would like to see."})
    today = timezone.localdate()
    due = values.get("due_date") or today + timedelta(days=REQUEST_DAYS)
    if due < today:
        raise ValidationError({"due_date": "Choose today or a later date."})
    year = today.year
    sequence = sequence_next(
        organization_id=grant.organization_id, key="evidence_request", year=year
    )
    request: EvidenceRequest = model_create(
        actor=actor,
        model=EvidenceRequest,
        organization=grant.organization,
        data={
            "grant": grant,
            "number": f"ER-{year}-{sequence:03d}",
            "text": text,
            "requested_by": actor,
            "owner": grant.granted_by,
            "due_date": due,
        },
        fields=("grant", "number", "text", "requested_by", "owner", "due_date"),
        event_type=events.REQUEST_CREATED,
    )
    _raise_action(request, actor=actor)
    return request


@transaction.atomic
def request_update(
    *, actor: User, instance: EvidenceRequest, data: Mapping[str, Any], version: int | None = None
) -> EvidenceRequest:
    """Hand a request on (owner) or move its due date; the open action follows."""
    from qms.actions.choices import OPEN_STATES
    from qms.actions.selectors import actions_of
    from qms.actions.services import action_update

    values = dict(data)  # fields other than owner and due date: refused by model_update
    stored = lock_for_change(instance, version=version)
    if stored.status == RequestStatus.CLOSED:
        raise Conflict("A closed request is not changed: re-open it first.")
    if "owner" in values:
        check_member(organization_id=stored.organization_id, user=values["owner"])
    request, changed = model_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=("owner", "due_date"),
        event_type=events.REQUEST_UPDATED,
        version=version,
    )
    if changed:
        for action in actions_of(origin=request).filter(status__in=OPEN_STATES):
            action_update(
                actor=actor,
                instance=action,
                data={"owner": request.owner, "due_date": request.due_date},
            )
    return request


def _links(grant: AccessGrant, links: Iterable[Any]) -> list[list[Any]]:
    """[type key, id] pairs of records inside the grant's scope (else a field error)."""
    from .selectors import scope_of

    scope = scope_of(grant)
    found: list[list[Any]] = []
    for item in links:
        try:
            key, pk = item
            number = int(pk)
        except (TypeError, ValueError):
            raise ValidationError({"links": "Give each link as a record type and id."}) from None
        kind = record_types().get(str(key))
        if kind is None or key not in scope.record_types or kind.report is not None:
            raise ValidationError({"links": f"{key} is not a record type of this access."})
        if not kind.queryset(grant.organization, scope).filter(pk=number).exists():
            raise ValidationError({"links": f"No {key} record {number} within this access."})
        found.append([str(key), number])
    return found


@transaction.atomic
def request_answer(
    *,
    actor: User,
    instance: EvidenceRequest,
    answer: str,
    links: Iterable[Any] = (),
    version: int | None = None,
) -> EvidenceRequest:
    """Answer a request (the declared step "answer", the text as its reason), optionally
    pointing to records of the grant's scope; files are attached to the request (core
    attachments) and reach the person through the portal. The round's action is completed."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer."})
    checked = _links(instance.grant, links)
    answered: EvidenceRequest = model_transition(
        actor=actor, instance=instance, transition="answer", reason=answer, version=version
    )
    if checked:
        answered.linked_records = checked
        answered.save(update_fields=["linked_records"])
    return answered


def request_record_answer(*, obj: EvidenceRequest, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "answer": the answer on the request, and the round's open action done."""
    from qms.actions.choices import OPEN_STATES
    from qms.actions.selectors import actions_of

    obj.answer = reason
    obj.answered_at = timezone.now()
    obj.answered_by = actor
    obj.linked_records = []
    obj.save(update_fields=["answer", "answered_at", "answered_by", "linked_records"])
    _mail_answer(obj)
    for action in actions_of(origin=obj).filter(status__in=OPEN_STATES):
        model_transition(
            actor=actor,
            instance=action,
            transition="complete",
            reason=f"Evidence request {obj.number} answered.",
        )


def _mail_answer(request: EvidenceRequest) -> None:
    """Tell the person their request is answered (after commit); the answer itself and its
    files are read in the portal only."""
    grant = request.grant
    link = f"{settings.BASE_URL}{reverse('external:request_detail', args=[grant.pk, request.pk])}"
    email, organization = grant.grantee_email, grant.organization.name
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{organization} answered your evidence request {request.number}",
            message=(
                f"{organization} answered your evidence request {request.number}.\n\n"
                f"Read the answer and its files here (while your access is open):\n{link}\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    )


def request_record_reopen(*, obj: EvidenceRequest, actor: Any, reason: str, signature: Any) -> None:
    """Effect of "re-open": a new round with a new action for the owner, due again in
    REQUEST_DAYS days; the earlier answer stays in the history."""
    obj.round += 1
    obj.due_date = max(obj.due_date, timezone.localdate() + timedelta(days=REQUEST_DAYS))
    obj.save(update_fields=["round", "due_date"])
    _raise_action(obj, actor=actor)


def _grantee_step(
    *, actor: User, grant: AccessGrant, instance: EvidenceRequest, name: str, reason: str = ""
) -> EvidenceRequest:
    """The declared step `name` taken by the external person through their open grant.

    The person has no role in the organization, so the role matrix cannot allow it; the
    grant does instead (theirs, open now, the request raised through it). Otherwise as
    core's model_transition: state checked on the locked row, state and version written,
    the step's audit event with its reason, then its effects, in one transaction."""
    workflow = workflow_for(EvidenceRequest)
    if workflow is None:  # registered in ready(): only a broken installation lacks it
        raise Conflict("Evidence requests have no workflow.")
    step = workflow.transition(name)
    if grant.grantee_id != actor.pk or instance.grant_id != grant.pk:
        raise Conflict("Only the person who asked acts on the request.")
    _check_grant_open(grant)
    reason = (reason or "").strip()
    if step.reason and not reason:
        raise TransitionRefused(
            "A reason is required.", errors={"reason": ["A reason is required."]}
        )
    with transaction.atomic():
        current = lock_for_change(instance, version=None)
        if current.status not in step.source:
            raise TransitionRefused(
                f"Only an {' or '.join(step.source)} request can be {step.done}; "
                f"this one is {current.get_status_display().lower()}."
            )
        before = current.status
        current.status = step.target
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        record_event(
            actor=actor,
            event_type=step.event_type,
            subject=current,
            before={"status": before},
            after={"status": step.target},
            data={"transition": step.name, "reason": reason, "version": current.version},
        )
        for effect in step.effects:
            effect(obj=current, actor=actor, reason=reason, signature=None)
    return current


def request_close(*, actor: User, grant: AccessGrant, instance: EvidenceRequest) -> EvidenceRequest:
    """The person is satisfied with the answer."""
    return _grantee_step(actor=actor, grant=grant, instance=instance, name="close")


def request_reopen(
    *, actor: User, grant: AccessGrant, instance: EvidenceRequest, reason: str
) -> EvidenceRequest:
    """The answer does not show what was asked: a new round (reason required)."""
    return _grantee_step(actor=actor, grant=grant, instance=instance, name="reopen", reason=reason)


__all__ = [
    "GrantState",
    "grant_create",
    "grant_revoke",
    "grant_update",
    "page_view_record",
    "request_answer",
    "request_close",
    "request_create",
    "request_reopen",
    "request_update",
]
