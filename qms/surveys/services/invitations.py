"""Inviting customers to an open survey, e-mailing their links, withdrawing an invitation.

The customer is not a user: each invitation gets its own link, e-mailed by the task queue
once the invitations are committed (`tasks.send_invitation_email`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qms.core.errors import Conflict
from qms.core.services import lock_for_change, model_create, model_delete, model_update
from qms.core.tasks import enqueue_on_commit

from .. import events, rules
from ..models import Survey, SurveyInvitation
from ..specs import INVITATION
from ..tokens import new_nonce, token_for, token_hash

if TYPE_CHECKING:
    from qms.accounts.models import User

MAX_INVITEES = 500


@dataclass(frozen=True)
class Invitee:
    customer_name: str
    email: str
    contact: str = ""


def invitee_problems(invitees: Sequence[Invitee], taken: set[str]) -> list[str]:
    """One message per faulty row ("Row 2: …"), in order; `taken` are the addresses already
    invited to the survey (lower case)."""
    problems = []
    seen: set[str] = set()
    if not invitees:
        return ["Invite at least one customer."]
    if len(invitees) > MAX_INVITEES:
        return [f"Invite at most {MAX_INVITEES} customers at once."]
    for row, invitee in enumerate(invitees, start=1):
        name, email = invitee.customer_name.strip(), invitee.email.strip().lower()
        if not name:
            problems.append(f"Row {row}: enter the customer's name.")
        elif len(name) > 200:
            problems.append(f"Row {row}: the customer's name is longer than 200 characters.")
        if len(invitee.contact.strip()) > 200:
            problems.append(f"Row {row}: the contact is longer than 200 characters.")
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"Row {row}: “{invitee.email.strip()}” is not a valid e-mail address.")
            continue
        if email in taken:
            problems.append(f"Row {row}: {email} is already invited to this survey.")
        elif email in seen:
            problems.append(f"Row {row}: {email} is listed twice.")
        seen.add(email)
    return problems


@transaction.atomic
def invitations_send(
    *, actor: User, survey: Survey, invitees: Sequence[Invitee]
) -> list[SurveyInvitation]:
    """Invite customers to the open survey: one invitation (and one link) each, e-mailed on
    commit. All or nothing: any faulty row refuses the whole list, naming each row."""
    locked = lock_for_change(survey, version=None)
    problem = rules.invite_problem(status=locked.status)
    if problem:
        raise Conflict(problem)
    taken = {
        email.lower()
        for email in SurveyInvitation.objects.for_organization(locked.organization_id)
        .filter(survey=locked)
        .values_list("email", flat=True)
    }
    problems = invitee_problems(invitees, taken)
    if problems:
        raise ValidationError({"invitees": problems})
    expires_on = timezone.localdate() + timedelta(days=settings.SURVEYS_LINK_DAYS)
    created = []
    for invitee in invitees:
        nonce = new_nonce()
        invitation = model_create(
            actor=actor,
            model=SurveyInvitation,
            organization=locked.organization,
            data={
                "survey": locked,
                "customer_name": invitee.customer_name.strip(),
                "email": invitee.email.strip(),
                "contact": invitee.contact.strip(),
                "token_nonce": nonce,
                "token_hash": token_hash(token_for(nonce)),
                "expires_on": expires_on,
            },
            fields=(*INVITATION.fields, "token_nonce", "token_hash", "expires_on"),
            event_type=events.INVITATION_CREATED,
        )
        created.append(invitation)
    from ..tasks import send_invitation_email

    for invitation in created:
        enqueue_on_commit(send_invitation_email, invitation_id=invitation.pk)
    return created


def answer_url(invitation: SurveyInvitation) -> str:
    """The absolute public link of an invitation (rebuilt from its nonce)."""
    path = reverse("surveys_public:answer", args=[token_for(invitation.token_nonce)])
    return f"{settings.BASE_URL}{path}"


def invitation_mark_sent(*, invitation_id: int) -> bool:
    """E-mail the invitation's link once: True if sent now, False if sent before, gone or
    no longer answerable. Run by the task queue; a failed send raises and records nothing."""
    from ..selectors import invitation_for_sending

    with transaction.atomic():
        invitation = invitation_for_sending(invitation_id=invitation_id)
        if invitation is None:
            return False
        invitation = lock_for_change(invitation, version=None)
        if invitation.sent_at is not None or invitation.answered_at is not None:
            return False
        survey = invitation.survey
        if survey.status != "open":
            return False
        context = {
            "invitation": invitation,
            "survey": survey,
            "organization_name": invitation.organization.name,
            "link": answer_url(invitation),
            "site_name": settings.SITE_NAME,
        }
        subject = " ".join(f"{invitation.organization.name}: {survey.title}".split())[:200]
        message = render_to_string("surveys/invitation_email.txt", context)
        send_mail(subject, message, None, [invitation.email])
        model_update(
            actor=None,
            instance=invitation,
            data={"sent_at": timezone.now()},
            fields=("sent_at",),
            event_type=events.INVITATION_SENT,
        )
    return True


@transaction.atomic
def invitation_delete(
    *, actor: User, instance: SurveyInvitation, version: int | None = None
) -> None:
    """Withdraw an unanswered invitation (its link stops working); answered ones stay."""
    invitation = lock_for_change(instance, version=version)
    problem = rules.withdraw_problem(answered_at=invitation.answered_at)
    if problem:
        raise Conflict(problem)
    model_delete(actor=actor, instance=invitation, event_type=events.INVITATION_DELETED)
