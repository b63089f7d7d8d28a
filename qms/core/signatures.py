"""Electronic signatures: who signed which content of a record, when, and meaning what.

A customer's auditor reads 21 CFR Part 11 §11.50 and §11.70 next to ISO 9001 §7.5: a
signature shows the signer's printed name, the date and time and the meaning (approved,
reviewed…), and it is linked to the record so that it cannot be moved to another record or
survive a change of the content unnoticed. Here a signature stores

- the signer (and their name and e-mail as they were when signing),
- the meaning, the time, the request id and the client address,
- the record it signs (type, id, label) and the transition it authorised, with the reason,
- `content_hash`: SHA-256 of the canonical JSON of the signed content of the record.

The signer re-enters their password for every signature (§11.200(a)(1)(i): a session alone
does not sign). A wrong password is logged as `signature.failed` on the signer and, after
`QMS_SIGNATURE_MAX_FAILURES` failures in `QMS_SIGNATURE_LOCKOUT_MINUTES`, signing is refused
for that signer (`signature.locked`) until the window has passed.

`signature_status()` recomputes the content hash: a signature whose record changed after
signing shows as broken. Signatures are append-only, like audit events; the transition's
audit event carries the signature's id, meaning and hash, so the audit chain vouches for
them too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import AppendOnlyError, AuditEvent, record_event, register_event_type, snapshot
from .context import current_request_context
from .errors import TransitionRefused
from .models import OrganizationScoped
from .querysets import TenantManager, TenantQuerySet

SIGNATURE_SIGNED = register_event_type("signature.signed", gettext_lazy("Record signed"))
SIGNATURE_FAILED = register_event_type(
    "signature.failed", gettext_lazy("Signature refused: wrong password")
)
SIGNATURE_LOCKED = register_event_type(
    "signature.locked", gettext_lazy("Signature refused: too many failed attempts")
)

# Bookkeeping that is not the record's content: a signature survives a new version number
# or a workflow step (the state field is left out too, see `signed_content`).
_NOT_SIGNED = frozenset({"id", "version", "created_at", "updated_at"})


class Meaning(models.TextChoices):
    """What a signature means (§11.50(a)(3))."""

    AUTHORED = "authored", gettext_lazy("Authored")
    REVIEWED = "reviewed", gettext_lazy("Reviewed")
    APPROVED = "approved", gettext_lazy("Approved")
    VERIFIED = "verified", gettext_lazy("Verified")
    RELEASED = "released", gettext_lazy("Released")
    DECIDED = "decided", gettext_lazy("Decided")
    ACKNOWLEDGED = "acknowledged", gettext_lazy("Acknowledged")


class SignatureStatus(models.TextChoices):
    VALID = "valid", gettext_lazy("Valid")
    BROKEN = "broken", gettext_lazy("Broken: the record changed after signing")


class SignatureQuerySet(TenantQuerySet["Signature"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Signatures cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Signatures cannot be deleted.")

    def for_subject(self, subject: models.Model) -> SignatureQuerySet:
        return self.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))


class SignatureManager(TenantManager.from_queryset(SignatureQuerySet)):  # type: ignore[misc]
    """Scoped like every tenant manager; the rows themselves are append-only."""


class Signature(OrganizationScoped):
    """One electronic signature of one record. Never updated or deleted."""

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("signer"),
    )
    signer_name = models.CharField(gettext_lazy("signed by"), max_length=150)
    signer_email = models.EmailField(gettext_lazy("signer's e-mail address"), max_length=254)
    meaning = models.CharField(gettext_lazy("meaning"), max_length=20, choices=Meaning.choices)
    signed_at = models.DateTimeField(gettext_lazy("signed at"), default=timezone.now)
    subject_type = models.CharField(gettext_lazy("record type"), max_length=100)
    subject_id = models.CharField(gettext_lazy("record id"), max_length=64)
    subject_label = models.CharField(gettext_lazy("record"), max_length=255, blank=True)
    content_hash = models.CharField(gettext_lazy("content hash"), max_length=64)
    transition = models.CharField(gettext_lazy("step"), max_length=50, blank=True)
    reason = models.TextField(gettext_lazy("reason"), blank=True)
    request_id = models.CharField(gettext_lazy("request id"), max_length=64, blank=True)
    ip = models.CharField(gettext_lazy("IP address"), max_length=45, blank=True)

    objects: ClassVar[SignatureQuerySet] = SignatureManager()

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = gettext_lazy("electronic signature")
        verbose_name_plural = gettext_lazy("electronic signatures")
        indexes = [
            models.Index(
                fields=["organization", "-signed_at", "-id"], name="core_signature_org_time"
            ),
            models.Index(
                fields=["organization", "subject_type", "subject_id", "-id"],
                name="core_signature_subject",
            ),
        ]

    def __str__(self) -> str:
        return _("%(meaning)s by %(name)s on %(time)s") % {
            "meaning": self.get_meaning_display(),
            "name": self.signer_name,
            "time": timezone.localtime(self.signed_at).strftime("%Y-%m-%d %H:%M %Z"),
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Signatures cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Signatures cannot be deleted.")

    def get_absolute_url(self) -> str:
        return reverse("core:signature_detail", args=[self.pk])


# --- The signed content ----------------------------------------------------------------------


def signed_content(obj: models.Model) -> dict[str, Any]:
    """What a signature of `obj` covers: the record's identity and its audited content,
    without bookkeeping (version, timestamps) and without its workflow state, so that the
    step the signature authorised does not break it. A model may narrow it with
    `signature_fields` (a tuple of field names)."""
    from .workflow import workflow_for  # the workflow module builds on this one

    workflow = workflow_for(type(obj))
    excluded = set(_NOT_SIGNED)
    if workflow is not None:
        excluded.add(workflow.field)
    wanted: Iterable[str] | None = getattr(obj, "signature_fields", None)
    content = {name: value for name, value in snapshot(obj, wanted).items() if name not in excluded}
    return {"record": obj._meta.label_lower, "id": str(obj.pk), "content": content}


def content_hash(obj: models.Model) -> str:
    canonical = json.dumps(
        signed_content(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signature_status(signature: Signature, obj: models.Model) -> SignatureStatus:
    """Valid while the record's signed content is what was signed; broken once it changed
    (or when the signature is not about this record at all)."""
    if signature.subject_type != obj._meta.label_lower or signature.subject_id != str(obj.pk):
        return SignatureStatus.BROKEN
    if signature.content_hash != content_hash(obj):
        return SignatureStatus.BROKEN
    return SignatureStatus.VALID


def signature_record_status(signature: Signature) -> SignatureStatus | None:
    """Valid or broken, read from the signed record in the signature's organization; None when
    the record no longer exists (one query)."""
    try:
        model = apps.get_model(signature.subject_type)
    except (LookupError, ValueError):
        return None
    record = model._base_manager.filter(
        pk=signature.subject_id, organization_id=signature.organization_id
    ).first()
    return signature_status(signature, record) if record is not None else None


def signatures_of(*, subject: models.Model) -> list[tuple[Signature, SignatureStatus]]:
    """The record's signatures, newest first, each with its status, for the record's page.
    The caller already checked that the user may see the record (one query)."""
    organization_id = getattr(subject, "organization_id", None)
    queryset = Signature.objects.for_subject(subject).order_by("-id")  # the subject index
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    current = content_hash(subject)
    return [
        (
            signature,
            SignatureStatus.VALID if signature.content_hash == current else SignatureStatus.BROKEN,
        )
        for signature in queryset
    ]


# --- Throttling failed attempts ----------------------------------------------------------------


def signature_failures_recent(*, signer: Any) -> int:
    """Failed signature attempts of the signer in the lockout window, since their last
    successful signature (read from the audit trail: the events' subject index)."""
    since = timezone.now() - timedelta(minutes=settings.SIGNATURE_LOCKOUT_MINUTES)
    last_signed = Signature.objects.filter(signer=signer).aggregate(last=Max("signed_at"))["last"]
    if last_signed is not None and last_signed > since:
        since = last_signed
    return AuditEvent.objects.filter(
        subject_type=signer._meta.label_lower,
        subject_id=str(signer.pk),
        event_type=SIGNATURE_FAILED.name,
        created_at__gte=since,
    ).count()


def _attempt_data(obj: models.Model, transition: str, **extra: Any) -> dict[str, Any]:
    return {
        "record_type": obj._meta.label_lower,
        "record_id": str(obj.pk),
        "record": str(obj)[:255],
        "transition": transition,
        **extra,
    }


def signature_verify_password(
    *, signer: Any, password: str, obj: models.Model, transition: str = ""
) -> None:
    """Check the re-entered password of `signer` before a signature of `obj` is recorded.

    Call it *before* the transaction that records the signature: a failure is logged in its
    own transaction (`signature.failed`, subject: the signer, in the record's organization)
    that stays when the caller's work is refused. Raises `TransitionRefused` with the reason
    (wrong password, or signing locked after too many failures).
    """
    limit = settings.SIGNATURE_MAX_FAILURES
    minutes = settings.SIGNATURE_LOCKOUT_MINUTES
    organization_id = getattr(obj, "organization_id", None)
    # The slow hash check runs before any lock; counting and deciding run under a lock on the
    # signer's row, so parallel wrong attempts cannot all see the same count and overrun the
    # limit (SQLite's IMMEDIATE transactions serialise them the same way).
    correct = bool(password) and signer.is_active and signer.check_password(password)
    with transaction.atomic():
        signer._meta.model._base_manager.select_for_update().filter(pk=signer.pk).first()
        failures = signature_failures_recent(signer=signer)
        if failures >= limit:
            record_event(
                actor=signer,
                event_type=SIGNATURE_LOCKED,
                subject=signer,
                organization_id=organization_id,
                data=_attempt_data(obj, transition, failures=failures, minutes=minutes),
            )
        elif not correct:
            record_event(
                actor=signer,
                event_type=SIGNATURE_FAILED,
                subject=signer,
                organization_id=organization_id,
                data=_attempt_data(obj, transition, failures=failures + 1),
            )
    if failures >= limit:
        message = _(
            "Too many failed signature attempts: signing is locked for up to %(minutes)d "
            "minutes. Nothing was changed."
        ) % {"minutes": minutes}
        raise TransitionRefused(message, errors={"password": [message]})
    if correct:
        return
    left = limit - failures - 1
    message = _("The password is not correct: the signature was refused.")
    if left <= 0:
        message += " " + _("Signing is now locked for %(minutes)d minutes.") % {"minutes": minutes}
    raise TransitionRefused(message, errors={"password": [message]})


# --- Writing ------------------------------------------------------------------------------


def signature_record(
    *, signer: Any, obj: models.Model, meaning: str, transition: str = "", reason: str = ""
) -> Signature:
    """Store the signature of `obj` (its content as it is now). The password must have been
    verified (`signature_verify_password`); call it inside the signing service's transaction,
    which also records the audit event."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("signature_record() must run inside the service's transaction.")
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is None:
        raise ValueError("Only a record of an organization can be signed.")
    context = current_request_context()
    signature = Signature(
        organization_id=organization_id,
        signer=signer,
        signer_name=(signer.get_full_name() or signer.email)[:150],
        signer_email=signer.email,
        meaning=Meaning(meaning),
        signed_at=timezone.now(),
        subject_type=obj._meta.label_lower,
        subject_id=str(obj.pk),
        subject_label=str(obj)[:255],
        content_hash=content_hash(obj),
        transition=transition,
        reason=reason,
        request_id=context.request_id[:64],
        ip=(context.ip or "")[:45],
    )
    signature.full_clean()
    signature.save(force_insert=True)
    return signature


def signature_sign(
    *, signer: Any, obj: models.Model, meaning: str, password: str, reason: str = ""
) -> Signature:
    """Sign `obj` on its own (outside a workflow step), e.g. "reviewed" or "acknowledged".

    Verifies the password first (failures are logged and throttled), then stores the
    signature and its `signature.signed` event in one transaction.
    """
    meaning = Meaning(meaning)
    signature_verify_password(signer=signer, password=password, obj=obj)
    with transaction.atomic():
        signature = signature_record(signer=signer, obj=obj, meaning=meaning, reason=reason)
        record_event(
            actor=signer,
            event_type=SIGNATURE_SIGNED,
            subject=obj,
            data={
                "signature": signature.pk,
                "signature_meaning": signature.meaning,
                "signature_hash": signature.content_hash,
                "reason": reason,
            },
        )
    return signature
