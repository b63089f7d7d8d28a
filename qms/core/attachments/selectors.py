"""Reading attachments: a record's list, many records' lists at once, and the file itself."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.http import Http404

from ..models import OrganizationScoped
from ..permissions import has_object_perm, perm_name, role_grant, roles_in
from .models import Attachment, AttachmentQuerySet

_CHUNK = 64 * 1024
_SPOOL_IN_MEMORY = 1024 * 1024


class AttachmentIntegrityError(Exception):
    """The stored file is missing or differs from what was uploaded: never serve it."""

    def __init__(self, attachment: Attachment, *, problem: str, found_sha256: str = "") -> None:
        self.attachment = attachment
        self.problem = problem  # "missing" or "changed"
        self.found_sha256 = found_sha256
        if problem == "missing":
            message = f"{attachment.name}: the stored file is missing."
        else:
            message = (
                f"{attachment.name}: the stored file was changed after it was uploaded "
                "(its SHA-256 no longer matches); it is not served."
            )
        super().__init__(message)
        self.message = message


def attachments_for(*, subject: models.Model, include_removed: bool = False) -> AttachmentQuerySet:
    """The record's attachments, newest first, with who uploaded and removed them (one query
    through the subject index). The caller already checked that the user may view the record.
    """
    queryset: AttachmentQuerySet = Attachment.objects.for_subject(subject).select_related(
        "uploaded_by", "removed_by"
    )
    if not include_removed:
        queryset = queryset.present()
    return queryset.order_by("-id")


def attachments_for_many(
    *, subjects: Iterable[models.Model], include_removed: bool = False
) -> dict[models.Model, list[Attachment]]:
    """subject → its attachments (newest first) for a list of records, in one query (for a
    list page or a report). Every subject is a key, with an empty list when it has none."""
    found: dict[models.Model, list[Attachment]] = {}
    index: dict[tuple[int, int], models.Model] = {}
    condition = Q()
    grouped: dict[tuple[int, int | None], list[int]] = {}
    for subject in subjects:
        found[subject] = []
        content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
        index[(content_type.pk, subject.pk)] = subject
        key = (content_type.pk, getattr(subject, "organization_id", None))
        grouped.setdefault(key, []).append(subject.pk)
    if not grouped:
        return found
    for (content_type_id, organization_id), ids in grouped.items():
        condition |= Q(
            organization_id=organization_id, content_type_id=content_type_id, object_id__in=ids
        )
    organizations = {organization_id for _ct, organization_id in grouped}
    queryset = (
        Attachment.objects.filter(organization_id__in=organizations)
        .filter(condition)
        .select_related("uploaded_by", "removed_by")
        .order_by("-id")
    )
    if not include_removed:
        queryset = queryset.present()
    for attachment in queryset:
        owner = index.get((attachment.content_type_id, attachment.object_id))
        if owner is not None:
            found[owner].append(attachment)
    return found


def attachment_list(*, user: Any, organization: Any) -> AttachmentQuerySet:
    """The organization's attachments on the records the user may view (a register of
    files for pages and the API). One query: per record type, either every record (the
    member's roles view all of them), the ones their conditions allow (a subquery through
    `for_user()`), or none."""
    queryset: AttachmentQuerySet = Attachment.objects.for_user(
        user, "view", organization=organization
    )
    roles = roles_in(user, organization)
    visible = Q(pk__in=[])
    record_models = [m for m in apps.get_models() if issubclass(m, OrganizationScoped)]
    types = ContentType.objects.get_for_models(*record_models, for_concrete_models=False)
    for model, content_type in types.items():
        granted, condition = role_grant(roles, perm_name(model, "view"))
        if not granted:
            continue
        if condition is None:
            visible |= Q(content_type=content_type)
        else:
            manager: Any = model._default_manager
            ids = manager.for_user(user, "view", organization=organization).values("pk")
            visible |= Q(content_type=content_type, object_id__in=ids)
    return queryset.filter(visible)


def subject_model(label: str) -> type[OrganizationScoped] | None:
    """The organization-scoped model named `app_label.model` (None for anything else)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, OrganizationScoped) or issubclass(model, Attachment):
        return None  # not a record of an organization, or a file itself
    return model


def attachment_subject(
    *, user: Any, organization: Any, subject_type: str, subject_id: Any
) -> OrganizationScoped:
    """The record `subject_type` (`app_label.model`) #`subject_id` of the organization, if
    the user may view it; `Http404` otherwise (unknown type, another organization's record,
    or one the user's role may not see)."""
    model = subject_model(str(subject_type))
    if model is None or not str(subject_id).isdigit():
        raise Http404
    manager: Any = model._default_manager
    record: OrganizationScoped | None = (
        manager.for_user(user, "view", organization=organization).filter(pk=subject_id).first()
    )
    if record is None:
        raise Http404
    return record


def attachment_get(*, user: Any, organization: Any, pk: Any) -> Attachment:
    """One attachment of the organization whose record the user may view (`Http404`
    otherwise), with its record loaded (`attachment.subject`)."""
    if not str(pk).isdigit():
        raise Http404  # a malformed id names no attachment
    attachment: Attachment | None = (
        Attachment.objects.for_user(user, "view", organization=organization)
        .select_related("content_type", "uploaded_by", "removed_by")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404
    model = attachment.content_type.model_class()
    if model is None or not issubclass(model, OrganizationScoped):
        raise Http404
    manager: Any = model._default_manager
    record = (
        manager.for_organization(attachment.organization_id).filter(pk=attachment.object_id).first()
    )
    if record is None or not has_object_perm(user, record, "view", organization=organization):
        raise Http404
    attachment.subject = record
    return attachment


def attachment_open(*, attachment: Attachment) -> IO[bytes]:
    """The attachment's content, read from storage and checked against its SHA-256 while
    reading. Returns a file positioned at the start (kept in memory up to 1 MiB, then in a
    temporary file); raises `AttachmentIntegrityError` when the stored file is missing or
    was changed, so it is never served as genuine. The caller closes the file."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)
    digest = hashlib.sha256()
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as stored:
            for chunk in iter(lambda: stored.read(_CHUNK), b""):
                digest.update(chunk)
                spool.write(chunk)
    except OSError:  # FileNotFoundError, or a store that cannot find or read the object
        spool.close()
        raise AttachmentIntegrityError(attachment, problem="missing") from None
    except BaseException:
        spool.close()
        raise
    found = digest.hexdigest()
    if found != attachment.sha256:
        spool.close()
        raise AttachmentIntegrityError(attachment, problem="changed", found_sha256=found)
    spool.seek(0)
    return spool
