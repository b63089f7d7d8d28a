"""Writes of the client portal (issue 18):

- portal accesses: the certification manager grants a client contact access (the account is
  found or created by e-mail, without a password; a one-time link to set one is mailed after
  commit, as qms.access_grants does) and revokes it with a reason (declared step "revoke");
  granting again a revoked access gives it back (step "restore");
- the client's responses to its majors and minors and the auditor's review of them, as the
  declared steps of the finding's workflow (workflows.py): submit OPEN→SUBMITTED (the client,
  with correction, root cause, corrective action and evidence files), accept
  SUBMITTED→ACCEPTED and return SUBMITTED→OPEN (comment required) by a member of the audit's
  team or a certification manager, verify ACCEPTED→VERIFIED for majors (method and notes).
  Each step writes its audit event; the people concerned are notified (in-app and e-mail,
  queued on commit): the lead auditor on submit, the client's portal users on accept, return
  and verify.

A portal user holds no role in the body, so the role matrix cannot let them submit: their
active portal access for the finding's client does (`_client_step`, the same discipline as
core's model_transition). A certification manager may also record a response the client sent
by other means (permission "respond").

The link to the client's own register (nc_link.py) and the audit team's read access to the
client's records (team_access.py) are re-exported here: `on_finding_raised(finding)` is
what C1's finding_raise calls; `audit_team_access_sync(actor=…, audit=…)` what the team and
date changes call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from qms.accounts.models import User
from qms.accounts.services.users import user_create
from qms.core.attachments.services import attachment_add
from qms.core.attachments.validation import UploadRefused, validate_upload
from qms.core.audit import record_event
from qms.core.errors import Conflict, TransitionRefused
from qms.core.notifications import notify
from qms.core.permissions import has_object_perm
from qms.core.services import lock_for_change, model_create, model_update
from qms.core.workflow import model_transition, workflow_for

from ..choices import FindingStatus, PortalAccessStatus, ResponseReview
from ..models import CertFinding, Client, ClientContact, FindingResponse, PortalAccess
from . import events, rules
from .nc_link import client_nc_closed, client_nc_closures_catch_up, on_finding_raised
from .selectors import audit_team_ids, portal_users_of
from .team_access import audit_team_access_sync

# --- Portal access --------------------------------------------------------------------------


def _set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.BASE_URL}{reverse('accounts:password_reset_confirm', args=[uid, token])}"


def _mail_access(access: PortalAccess, *, created: bool) -> None:
    """Tell the person about the access, after commit; a new account gets a one-time link to
    set its password (the password-reset token: valid once, expires)."""
    context = {
        "access": access,
        "client": access.client,
        "body": access.organization.name,
        "link": _set_password_link(access.user) if created else "",
        "portal": f"{settings.BASE_URL}{reverse('portal:home')}",
        "login": f"{settings.BASE_URL}{reverse('accounts:login')}?next={reverse('portal:home')}",
        "site_name": settings.SITE_NAME,
    }
    email = access.user.email
    subject = f"{access.organization.name}: your client portal for {access.client.legal_name}"
    message = render_to_string("certification/portal/email/granted.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])
    )


def _account_for(*, actor: User, email: str, name: str) -> tuple[User, bool]:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing, False
    return user_create(actor=actor, email=email, password=None, full_name=name), True


@transaction.atomic
def portal_access_grant(
    *, actor: User, client: Client, contact: ClientContact, email: str = ""
) -> PortalAccess:
    """Give `contact` of `client` access to the client portal (their e-mail, or `email`
    when given). A revoked access of the same person is given back; an active one is
    refused. A member of the body itself is refused (the portal is the client's side)."""
    if contact.client_id != client.pk or contact.organization_id != client.organization_id:
        raise ValidationError({"contact": "Choose a contact of this client."})
    address = User.objects.normalize_email(email or contact.email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter the contact's e-mail address (the portal log-in)."}
        ) from None
    user, created = _account_for(actor=actor, email=address, name=contact.name)
    if (
        user.pk == actor.pk
        or user.memberships.filter(organization_id=client.organization_id).exists()
    ):
        raise ValidationError({"email": "This is a member of your body, not a client contact."})
    existing = PortalAccess.objects.filter(client=client, user=user).first()
    if existing is not None:
        if existing.status == PortalAccessStatus.ACTIVE:
            raise ValidationError({"email": f"{address} already has access to this client."})
        restored: PortalAccess = model_transition(
            actor=actor,
            instance=existing,
            transition="restore",
            reason=f"Access given again to {contact.name}.",
        )
        if restored.contact_id != contact.pk:
            restored, _changed = model_update(
                actor=actor,
                instance=restored,
                data={"contact": contact},
                fields=("contact",),
                event_type=events.PORTAL_ACCESS_GRANTED,
            )
        _mail_access(restored, created=False)
        return restored
    access: PortalAccess = model_create(
        actor=actor,
        model=PortalAccess,
        organization=client.organization,
        data={"client": client, "contact": contact, "user": user, "granted_by": actor},
        fields=("client", "contact", "user", "granted_by"),
        event_type=events.PORTAL_ACCESS_GRANTED,
    )
    _mail_access(access, created=created)
    return access


def portal_access_revoke(*, actor: User, access: PortalAccess, reason: str) -> PortalAccess:
    """Revoke at once (the declared step "revoke", its reason kept in the audit event); the
    person is told by e-mail after commit."""
    revoked: PortalAccess = model_transition(
        actor=actor, instance=access, transition="revoke", reason=reason
    )
    return revoked


def access_revoked_effect(*, obj: PortalAccess, actor: Any, reason: str, signature: Any) -> None:
    email, body, client = obj.user.email, obj.organization.name, obj.client.legal_name
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{body}: your client portal access for {client} has ended",
            message=(
                f"Your access to the client portal of {body} for {client} was revoked "
                "and no longer opens any page.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    )


# --- The client's responses and their review ----------------------------------------------


def portal_access_for(*, user: Any, client_id: int) -> PortalAccess | None:
    """The user's active portal access for the client, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    access: PortalAccess | None = PortalAccess.objects.filter(
        user_id=user.pk, client_id=client_id, status=PortalAccessStatus.ACTIVE
    ).first()
    return access


def _pending_response(finding: CertFinding) -> FindingResponse | None:
    from .selectors import pending_response

    return pending_response(finding)


def _client_step(*, actor: User, finding: CertFinding, name: str, reason: str = "") -> CertFinding:
    """The declared step `name` taken by a portal user, whom their active portal access for
    the finding's client allows (they hold no role): otherwise as core's model_transition,
    the state checked on the locked row, state and version written, the step's audit event
    and its effects, in the caller's transaction."""
    workflow = workflow_for(CertFinding)
    if workflow is None:  # registered in ready(): only a broken installation lacks it
        raise Conflict("Findings have no workflow.")
    step = workflow.transition(name)
    current = lock_for_change(finding, version=None)
    if current.status not in step.source:
        raise TransitionRefused(
            f"Only a finding awaiting the client's response can be answered; this one is "
            f"{current.get_status_display().lower()}."
        )
    for guard in step.guards:
        problem = guard(obj=current, actor=actor)
        if problem:
            raise TransitionRefused(problem)
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


def _checked_uploads(files: Iterable[Any]) -> list[Any]:
    uploads = [f for f in files if f]
    for upload in uploads:
        try:
            validate_upload(upload)
        except UploadRefused as refused:
            raise ValidationError({"files": refused.message}) from None
        if hasattr(upload, "seek"):
            upload.seek(0)
    return uploads


@transaction.atomic
def response_submit(
    *, actor: User, finding: CertFinding, data: Mapping[str, Any], files: Iterable[Any] = ()
) -> FindingResponse:
    """The client answers a major or minor awaiting its response: a new round (1, 2…) with
    correction, root cause and corrective action (for a minor: the plan), evidence files as
    attachments of the response, and the step "submit". The lead auditor is told.

    Refused (nothing written): a field missing (ValidationError per field), a file refused,
    a finding not awaiting a response (TransitionRefused), an actor who is neither a portal
    user of the finding's client nor allowed to record a response for it (PermissionDenied).
    """
    unknown = sorted(set(data) - set(rules.RESPONSE_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    values = {name: str(data.get(name) or "").strip() for name in rules.RESPONSE_FIELDS}
    problems = rules.response_problems(values)
    if problems:
        raise ValidationError(problems)
    uploads = _checked_uploads(files)
    client_id = finding.audit.programme.client_id
    as_client = portal_access_for(user=actor, client_id=client_id) is not None
    if not as_client and not has_object_perm(
        actor, finding, "respond", organization=finding.organization_id
    ):
        raise PermissionDenied("Only the client's portal users answer its findings.")
    current = lock_for_change(finding, version=None)
    problem = rules.response_needed_problem(grade=current.grade)
    if problem:
        raise TransitionRefused(problem)
    if current.status != FindingStatus.OPEN:
        raise TransitionRefused(
            f"Only a finding awaiting the client's response can be answered; this one is "
            f"{current.get_status_display().lower()}."
        )
    last = current.responses.order_by("-round").values_list("round", flat=True).first() or 0
    response: FindingResponse = model_create(
        actor=actor,
        model=FindingResponse,
        organization=current.organization,
        data={
            "finding": current,
            "round": last + 1,
            **values,
            "submitted_by": actor,
            "submitted_at": timezone.now(),
        },
        fields=("finding", "round", *rules.RESPONSE_FIELDS, "submitted_by", "submitted_at"),
        event_type=events.RESPONSE_CREATED,
    )
    if as_client:
        _client_step(actor=actor, finding=current, name="submit")
    else:
        model_transition(actor=actor, instance=current, transition="submit")
    for upload in uploads:
        attachment_add(actor=actor, subject=response, upload=upload, authorized=True)
    return response


def _review(*, actor: User, response: FindingResponse, name: str, comment: str) -> FindingResponse:
    with transaction.atomic():
        stored = lock_for_change(response, version=None)
        if stored.review != ResponseReview.PENDING:
            raise TransitionRefused(
                f"Only a response awaiting review can be reviewed; this one is "
                f"{stored.get_review_display().lower()}."
            )
        model_transition(actor=actor, instance=stored.finding, transition=name, reason=comment)
        stored.refresh_from_db()
    return stored


def response_accept(
    *, actor: User, response: FindingResponse, comment: str = ""
) -> FindingResponse:
    """The auditor accepts the response (a minor's plan, a major's correction and corrective
    action: a major is then verified). The client's portal users are told."""
    return _review(actor=actor, response=response, name="accept", comment=comment)


def response_return(*, actor: User, response: FindingResponse, comment: str) -> FindingResponse:
    """The auditor returns the response with comments (required): the finding awaits a new
    round from the client, who is told."""
    if not (comment or "").strip():
        raise ValidationError({"comment": "Say what the client must change or add."})
    return _review(actor=actor, response=response, name="return", comment=comment)


@transaction.atomic
def finding_verify(
    *, actor: User, finding: CertFinding, method: str, notes: str, on: Any = None
) -> CertFinding:
    """Verify an accepted major: how (document review or follow-up visit), when (today unless
    given) and notes (required); recorded, then the step "verify"."""
    errors: dict[str, str] = {}
    problem = rules.verification_method_problem(method)
    if problem:
        errors["method"] = problem
    if not (notes or "").strip():
        errors["notes"] = "Say what you checked and found."
    day = on or timezone.localdate()
    if day > timezone.localdate():
        errors["on"] = "Choose today or an earlier day."
    if errors:
        raise ValidationError(errors)
    current = lock_for_change(finding, version=None)
    if current.status != FindingStatus.ACCEPTED:
        raise TransitionRefused(
            f"Only a finding whose response was accepted can be verified; this one is "
            f"{current.get_status_display().lower()}."
        )
    problem = rules.verify_problem(grade=current.grade)
    if problem:
        raise TransitionRefused(problem)
    recorded, _changed = model_update(
        actor=actor,
        instance=current,
        data={"verification_method": method, "verified_on": day},
        fields=("verification_method", "verified_on"),
        event_type=events.FINDING_VERIFICATION_RECORDED,
    )
    verified: CertFinding = model_transition(
        actor=actor, instance=recorded, transition="verify", reason=notes
    )
    return verified


# --- Workflow effects (workflows.py) -------------------------------------------------------


def _portal_path(finding: CertFinding) -> str:
    return reverse("portal:finding_detail", args=[finding.pk])


def _review_path(finding: CertFinding) -> str:
    return reverse("certification:finding_review", args=[finding.pk])


def _label(finding: CertFinding) -> str:
    """ "F-01 (major nonconformity)"."""
    return f"{finding.number} ({finding.get_grade_display().lower()})"


def _tell_client(finding: CertFinding, *, kind: str, title: str, body: str) -> None:
    people = portal_users_of([finding.audit.programme.client_id]).get(
        finding.audit.programme.client_id, []
    )
    notify(
        recipients=people,
        organization=finding.organization,
        kind=kind,
        title=title,
        body=body,
        url=_portal_path(finding),
    )


def submitted_effect(*, obj: CertFinding, actor: Any, reason: str, signature: Any) -> None:
    """Tell the lead auditor (or, without one, the team) that a response waits for review."""
    audit = obj.audit
    people: list[Any] = [audit.lead_auditor] if audit.lead_auditor is not None else []
    if not people:
        people = list(audit.team.all())
    notify(
        recipients=[p for p in people if p.pk != getattr(actor, "pk", None)],
        organization=obj.organization,
        kind="certification.finding_response_submitted",
        title=f"Response to review: {_label(obj)}, {audit.programme.client.legal_name}",
        body=f"The client answered {obj.number} of the {audit.get_kind_display()}. Accept it "
        "or return it with comments.",
        url=_review_path(obj),
    )


def _mark(obj: CertFinding, *, actor: Any, review: str, comment: str, event: Any) -> None:
    pending = _pending_response(obj)
    if pending is None:  # the guard requires one
        raise TransitionRefused("There is no response awaiting review.")
    model_update(
        actor=actor,
        instance=pending,
        data={
            "review": review,
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
            "review_comment": comment,
        },
        fields=("review", "reviewed_by", "reviewed_at", "review_comment"),
        event_type=event,
    )


def accepted_effect(*, obj: CertFinding, actor: Any, reason: str, signature: Any) -> None:
    _mark(
        obj,
        actor=actor,
        review=ResponseReview.ACCEPTED,
        comment=reason,
        event=events.RESPONSE_ACCEPTED,
    )
    _tell_client(
        obj,
        kind="certification.finding_response_accepted",
        title=f"Response accepted: {_label(obj)}",
        body=(reason or "Your response was accepted.")[:2000],
    )


def returned_effect(*, obj: CertFinding, actor: Any, reason: str, signature: Any) -> None:
    _mark(
        obj,
        actor=actor,
        review=ResponseReview.RETURNED,
        comment=reason,
        event=events.RESPONSE_RETURNED,
    )
    _tell_client(
        obj,
        kind="certification.finding_response_returned",
        title=f"Response returned: {_label(obj)}",
        body=("The auditor returned your response with comments: " + reason)[:2000],
    )


def verified_effect(*, obj: CertFinding, actor: Any, reason: str, signature: Any) -> None:
    _tell_client(
        obj,
        kind="certification.finding_verified",
        title=f"Nonconformity verified: {_label(obj)}",
        body=f"Verified on {obj.verified_on}: {reason}"[:2000],
    )


__all__ = [
    "audit_team_access_sync",
    "audit_team_ids",
    "client_nc_closed",
    "client_nc_closures_catch_up",
    "finding_verify",
    "on_finding_raised",
    "portal_access_for",
    "portal_access_grant",
    "portal_access_revoke",
    "response_accept",
    "response_return",
    "response_submit",
]
