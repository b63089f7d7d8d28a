"""Writes of distribution and read-and-acknowledge (ISO 9001 §7.5.3.1 availability, §7.2/7.3
awareness): who must read a document, asking them when a revision becomes effective, and
their signed "I have read and understood".

Who a distribution line resolves to, at the moment a revision becomes effective or the
line is added:

- a role: the organization's members holding that role, whose account is active;
- a person: that person (a member of the organization);
- a process: the process owner. The organizations module has no "people of a process"
  (no process membership) yet, so a process line reaches its owner only; when process
  membership exists, widen `readers_resolve()` here and nowhere else.

People are asked once per revision (an `Acknowledgement` is unique per revision and reader).
A pending acknowledgement of a revision that is no longer effective (superseded, withdrawn)
is no longer required: it leaves everyone's "to read" list and cannot be signed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.accounts.models import Membership, User
from qms.accounts.selectors import member_ids_holding
from qms.core.audit import record_event
from qms.core.errors import TransitionRefused
from qms.core.notifications import notify
from qms.core.permissions import has_object_perm, role_values
from qms.core.services import lock_for_change, model_create, model_delete, model_update
from qms.core.signatures import Meaning, signature_record, signature_verify_password

from .. import events
from ..choices import DistributionKind, RevisionStatus
from ..models import Acknowledgement, Document, DocumentDistribution, DocumentRevision

if TYPE_CHECKING:
    from datetime import date

# Days a reader has to acknowledge a new revision, unless QMS settings say otherwise
# (`DOCUMENTS_ACKNOWLEDGEMENT_DAYS`).
ACKNOWLEDGEMENT_DAYS = 14
DISTRIBUTION_FIELDS = ("document", "kind", "role", "user", "process")


def acknowledgement_days() -> int:
    return int(getattr(settings, "DOCUMENTS_ACKNOWLEDGEMENT_DAYS", ACKNOWLEDGEMENT_DAYS))


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages are not mounted (a unit test without the urls)
        return ""


# --- Resolution ----------------------------------------------------------------------------


def readers_resolve(*, lines: Iterable[DocumentDistribution], organization_id: int) -> list[User]:
    """The active people the distribution `lines` reach, each once, ordered by e-mail."""
    roles: set[str] = set()
    user_ids: set[int] = set()
    for line in lines:
        if line.kind == DistributionKind.ROLE:
            roles.add(line.role)
        elif line.kind == DistributionKind.USER and line.user_id is not None:
            user_ids.add(line.user_id)
        elif line.kind == DistributionKind.PROCESS and line.process is not None:
            if line.process.owner_id is not None:
                user_ids.add(line.process.owner_id)
    if roles:  # members holding the role as their primary role or an additional one
        user_ids.update(member_ids_holding(organization_id=organization_id, roles=roles))
    if not user_ids:
        return []
    # Only current members: someone who left the organization is asked nothing.
    return list(
        User.objects.filter(
            pk__in=user_ids,
            is_active=True,
            memberships__organization_id=organization_id,
        )
        .distinct()
        .order_by("email")
    )


def document_readers(*, document: Document) -> list[User]:
    """Everyone the document's distribution reaches now."""
    lines = DocumentDistribution.objects.filter(
        organization_id=document.organization_id, document=document
    ).select_related("process")
    return readers_resolve(lines=lines, organization_id=document.organization_id)


# --- Distribution --------------------------------------------------------------------------


def _check_target(document: Document, data: Mapping[str, Any]) -> None:
    kind = data.get("kind")
    organization_id = document.organization_id
    if kind == DistributionKind.ROLE:
        if data.get("role") not in role_values():
            raise ValidationError({"role": _("Choose one of the organization's roles.")})
    elif kind == DistributionKind.USER:
        user = data.get("user")
        if (
            user is None
            or not Membership.objects.filter(organization_id=organization_id, user=user).exists()
        ):
            raise ValidationError({"user": _("Choose a member of the organization.")})
    elif kind == DistributionKind.PROCESS:
        process = data.get("process")
        if process is None or process.organization_id != organization_id:
            raise ValidationError({"process": _("Choose one of the organization's processes.")})
    else:
        raise ValidationError({"kind": _("Choose a role, a person or a process.")})


def _clean_target(data: Mapping[str, Any]) -> dict[str, Any]:
    """Only the target field of the chosen kind; the others empty (the check constraint)."""
    kind = data.get("kind")
    return {
        "kind": kind,
        "role": (data.get("role") or "") if kind == DistributionKind.ROLE else "",
        "user": data.get("user") if kind == DistributionKind.USER else None,
        "process": data.get("process") if kind == DistributionKind.PROCESS else None,
    }


def _require_distribute(actor: Any, document: Document) -> None:
    if not has_object_perm(actor, document, "distribute", organization=document.organization_id):
        raise PermissionDenied(_("Your role does not allow you to change this distribution."))


@transaction.atomic
def distribution_add(
    *, actor: User, document: Document, data: Mapping[str, Any]
) -> DocumentDistribution:
    """Distribute `document` to a role, a person or a process (`data`: kind and its target).

    When the document has an effective revision, the people the new line reaches who have
    not been asked for it yet are asked now.
    """
    _require_distribute(actor, document)
    unknown = sorted(set(data) - {"kind", "role", "user", "process"})
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    _check_target(document, data)
    line = model_create(
        actor=actor,
        model=DocumentDistribution,
        organization=document.organization,
        data={"document": document, **_clean_target(data)},
        fields=DISTRIBUTION_FIELDS,
        event_type=events.DISTRIBUTION_ADDED,
    )
    revision = _effective_revision(document)
    if revision is not None:
        acknowledgements_request(actor=actor, revision=revision)
    return line


@transaction.atomic
def distribution_remove(
    *, actor: User, distribution: DocumentDistribution, version: int | None = None
) -> None:
    """Remove one distribution line (audited). Acknowledgements already given stay, as do
    pending ones: the revision in force was asked of them."""
    _require_distribute(actor, distribution.document)
    model_delete(
        actor=actor,
        instance=distribution,
        event_type=events.DISTRIBUTION_REMOVED,
        version=version,
        details={"document": distribution.document_id},
    )


def _effective_revision(document: Document) -> DocumentRevision | None:
    if document.current_revision_id is None:
        return None
    return (
        DocumentRevision.objects.filter(
            organization_id=document.organization_id,
            pk=document.current_revision_id,
            status=RevisionStatus.EFFECTIVE,
        )
        .select_related("document")
        .first()
    )


# --- Acknowledgements ----------------------------------------------------------------------


@transaction.atomic
def acknowledgements_request(
    *, actor: User | None, revision: DocumentRevision, due_on: date | None = None
) -> list[Acknowledgement]:
    """Ask everyone the document's distribution reaches to read `revision` (it is effective).

    One pending acknowledgement per reader not yet asked for this revision (asking twice
    changes nothing), due in `acknowledgement_days()` days unless `due_on` says otherwise;
    each new reader is notified (e-mail after commit) and one audit event names them all.
    Returns the acknowledgements created now.
    """
    document = revision.document
    # Two approvals or distribution changes at once must not both insert the same reader.
    lock_for_change(revision, version=None)
    readers = document_readers(document=document)
    asked = set(
        Acknowledgement.objects.filter(
            organization_id=revision.organization_id, revision=revision
        ).values_list("user_id", flat=True)
    )
    new_readers = [user for user in readers if user.pk not in asked]
    if not new_readers:
        return []
    due = due_on or timezone.localdate() + timedelta(days=acknowledgement_days())
    created = [
        Acknowledgement(
            organization_id=revision.organization_id, revision=revision, user=user, due_on=due
        )
        for user in new_readers
    ]
    for row in created:
        row.full_clean(exclude=["organization", "revision", "user"], validate_unique=False)
        row.save(force_insert=True)
    record_event(
        actor=actor,
        event_type=events.ACKNOWLEDGEMENT_REQUESTED,
        subject=revision,
        data={
            "readers": [user.pk for user in new_readers],
            "reader_emails": [user.email for user in new_readers],
            "due_on": due.isoformat(),
        },
    )
    notify(
        recipients=new_readers,
        organization=document.organization,
        kind="documents.acknowledgement_requested",
        title=(
            _("Please read %(document)s rev. %(revision)s")
            % {"document": f"{document.number} {document.title}", "revision": revision.number}
        )[:200],
        body=_("Read it and confirm that you have read and understood it by %(due)s.")
        % {"due": due.strftime("%d %b %Y")},
        url=_url("documents:to_read"),
    )
    return created


def _refusal(message: str) -> TransitionRefused:
    return TransitionRefused(message, errors={"__all__": [message]})


def _check_may_sign(actor: Any, acknowledgement: Acknowledgement) -> None:
    if acknowledgement.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the reader can acknowledge their own reading."))
    if acknowledgement.acknowledged_at is not None:
        raise _refusal(_("You have already acknowledged this revision."))
    if acknowledgement.revision.status != RevisionStatus.EFFECTIVE:
        raise _refusal(
            _("This revision is no longer in force: its acknowledgement is no longer required.")
        )


def acknowledgement_sign(
    *, actor: User, acknowledgement: Acknowledgement, password: str
) -> Acknowledgement:
    """The reader confirms "I have read and understood" `acknowledgement`'s revision with an
    electronic signature (meaning "acknowledged", the password re-entered) over the
    revision's content.

    Only the reader, only while the revision is effective, once. A wrong password is
    refused (and logged by core signatures) and changes nothing. Raises `PermissionDenied`
    for anyone else and `TransitionRefused` (409) for the other refusals.
    """
    fresh = (
        Acknowledgement.objects.filter(
            organization_id=acknowledgement.organization_id, pk=acknowledgement.pk
        )
        .select_related("revision")
        .get()
    )
    _check_may_sign(actor, fresh)
    if not password:
        message = _("Enter your password to sign that you have read and understood it.")
        raise TransitionRefused(message, errors={"password": [message]})
    signature_verify_password(
        signer=actor, password=password, obj=fresh.revision, transition="acknowledge"
    )
    with transaction.atomic():
        locked = lock_for_change(fresh, version=None)
        revision = lock_for_change(fresh.revision, version=None)
        locked.revision = revision
        _check_may_sign(actor, locked)
        signature = signature_record(
            signer=actor, obj=revision, meaning=Meaning.ACKNOWLEDGED, transition="acknowledge"
        )
        signed: Acknowledgement
        signed, _changed = model_update(
            actor=actor,
            instance=locked,
            data={"acknowledged_at": signature.signed_at, "signature": signature},
            fields=("acknowledged_at", "signature"),
            event_type=events.ACKNOWLEDGED,
        )
    return signed
