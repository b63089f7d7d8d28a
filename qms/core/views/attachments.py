"""Pages for attachments: the panel on a record's page, upload, download, removal; and the
Markdown preview of the editors.

Any detail page shows a record's attachments with `{% load qms_attachments %}
{% attachments_panel object %}` (or includes `core/partials/_attachments.html` with the
context of `attachment_panel()`). The forms post to the views below and work without
JavaScript (a full page with errors, or a redirect back to the record); with htmx the panel
swaps itself in place. Another organization's record or file is 404; a role that may view
the record but not change it gets 403 on upload and removal.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..attachments import (
    Attachment,
    AttachmentIntegrityError,
    attachment_add,
    attachment_get,
    attachment_list,
    attachment_open,
    attachment_remove,
    attachment_report_integrity,
    attachment_subject,
    attachments_for,
)
from ..attachments.services import DESCRIPTION_MAX, REASON_MAX
from ..attachments.validation import (
    accept_attribute,
    describe_allowed,
    human_size,
    max_upload_bytes,
)
from ..errors import Conflict, StaleVersion
from ..filtersets import IdFilter, SearchFilterSet
from ..htmx import wants_partial
from ..markdown import render_markdown
from ..permissions import has_object_perm
from ..tables import Column
from .generic import ObjectDetailView, ObjectListView, apply_validation_error

PANEL_TEMPLATE = "core/partials/_attachments.html"
PREVIEW_MAX_CHARS = 100_000


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), allow_empty_file=True)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, max_length=DESCRIPTION_MAX
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.widget.attrs["accept"] = accept_attribute()
        field.help_text = _("%(types)s; at most %(size)s. The type is read from the content.") % {
            "types": describe_allowed(),
            "size": human_size(max_upload_bytes()),
        }


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for removal"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the audit trail. The file itself is kept, not deleted."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _organization(request: HttpRequest) -> Any:
    organization = getattr(request, "organization", None)
    if organization is None:
        raise Http404  # no organization: no record exists for this user
    return organization


def _subject_of(attachment: Attachment) -> models.Model:
    subject: models.Model | None = attachment.subject
    if subject is None:
        raise Http404
    return subject


def subject_type_of(subject: models.Model) -> str:
    return subject._meta.label_lower


def attachment_panel(
    *, request: HttpRequest, subject: models.Model, form: AttachmentForm | None = None
) -> dict[str, Any]:
    """The context of `core/partials/_attachments.html` for one record the user may view."""
    organization = getattr(request, "organization", None)
    label = subject_type_of(subject)
    rows = list(attachments_for(subject=subject, include_removed=True))
    return {
        "attachment_subject": subject,
        "attachments": [row for row in rows if not row.is_removed],
        "removed_attachments": [row for row in rows if row.is_removed],
        "can_change_attachments": has_object_perm(
            request.user, subject, "change", organization=organization
        ),
        "upload_url": reverse("core:attachment_upload", args=[label, subject.pk]),
        "attachment_form": form or AttachmentForm(),
        "panel_id": f"attachments-{label.replace('.', '-')}-{subject.pk}",
    }


def _back_to(request: HttpRequest, subject: models.Model) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    url = getattr(subject, "get_absolute_url", None)
    return url() if callable(url) else reverse("core:dashboard")


def _render_panel(
    request: HttpRequest, subject: models.Model, form: AttachmentForm | None = None
) -> HttpResponse:
    # htmx swaps 2xx answers only: the panel comes back 200, with its errors inside it.
    response = render(
        request, PANEL_TEMPLATE, attachment_panel(request=request, subject=subject, form=form)
    )
    response["Vary"] = "HX-Request"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_upload(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    """GET: a page with the upload form (no JavaScript needed). POST: attach the file."""
    organization = _organization(request)
    subject = attachment_subject(
        user=request.user,
        organization=organization,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    if not has_object_perm(request.user, subject, "change", organization=organization):
        raise PermissionDenied
    form = AttachmentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                attachment = attachment_add(
                    actor=request.user,
                    subject=subject,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if wants_partial(request):
                    return _render_panel(request, subject)
                messages.success(request, _("%(name)s attached.") % {"name": attachment.name})
                return HttpResponseRedirect(_back_to(request, subject))
        if wants_partial(request):
            return _render_panel(request, subject, form)
    context = {
        "title": _("Attach a file"),
        "subject": subject,
        "form": form,
        "cancel_url": _back_to(request, subject),
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "breadcrumbs": _crumbs(subject, _("Attach a file")),
    }
    return render(request, "core/attachments/upload.html", context, status=status)


def _crumbs(subject: models.Model, last: str) -> list[tuple[str, str | None]]:
    url = getattr(subject, "get_absolute_url", None)
    return [
        (_("Home"), reverse("core:dashboard")),
        (str(subject), url() if callable(url) else None),
        (last, None),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm with a reason. POST: remove (hidden from the list; file and row kept)."""
    organization = _organization(request)
    attachment = attachment_get(user=request.user, organization=organization, pk=pk)
    subject = _subject_of(attachment)
    if not has_object_perm(request.user, subject, "change", organization=organization):
        raise PermissionDenied
    form = RemovalForm(request.POST or None, initial={"version": attachment.version})
    status = 200
    error = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                attachment_remove(
                    actor=request.user,
                    attachment=attachment,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as problem:
                apply_validation_error(form, problem)
            except (StaleVersion, Conflict) as conflict:
                error, status = conflict.message, 409
            else:
                if wants_partial(request):
                    return _render_panel(request, subject)
                messages.success(request, _("%(name)s removed.") % {"name": attachment.name})
                return HttpResponseRedirect(_back_to(request, subject))
    context = {
        "title": _("Remove %(name)s") % {"name": attachment.name},
        "attachment": attachment,
        "subject": subject,
        "form": form,
        "error": error,
        "cancel_url": _back_to(request, subject),
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "breadcrumbs": _crumbs(subject, _("Remove a file")),
    }
    return render(request, "core/attachments/remove.html", context, status=status)


def file_response(attachment: Attachment, *, inline: bool = False) -> FileResponse:
    """The attachment's verified content as a download (inline only for PDF and images).
    Raises `AttachmentIntegrityError` when the stored file is missing or changed."""
    content = attachment_open(attachment=attachment)
    show_inline = inline and attachment.may_show_inline
    content_type = attachment.mime_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        content, as_attachment=not show_inline, filename=attachment.name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Length"] = str(attachment.size)
    if not show_inline:
        # Whatever a browser might make of the bytes, it may run nothing from this answer.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file, checked against its SHA-256 first: a missing or changed file is refused
    (409), logged, and never served as genuine."""
    organization = _organization(request)
    attachment = attachment_get(user=request.user, organization=organization, pk=pk)
    try:
        return file_response(attachment, inline=request.GET.get("inline") == "1")
    except AttachmentIntegrityError as error:
        attachment_report_integrity(actor=request.user, attachment=attachment, error=error)
        context = {
            "title": _("This file cannot be served"),
            "attachment": attachment,
            "problem": error.problem,
            "subject": _subject_of(attachment),
            "back_url": _back_to(request, _subject_of(attachment)),
        }
        return render(request, "core/attachments/integrity_error.html", context, status=409)


@login_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The sanitised HTML of the posted `text`, for an editor's preview tab (htmx)."""
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_MAX_CHARS:
        return HttpResponseBadRequest(
            _("The text is too long to preview (at most %(max)d characters).")
            % {"max": PREVIEW_MAX_CHARS},
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


# --- The organization's register of files ---------------------------------------------------


class AttachmentFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "sha256")
    subject_type = django_filters.CharFilter(
        label=gettext_lazy("Record type"), method="filter_subject_type", max_length=100
    )
    subject_id = IdFilter(label=gettext_lazy("Record id"), field_name="object_id")
    removed = django_filters.BooleanFilter(
        label=gettext_lazy("Removed"), field_name="removed_at", lookup_expr="isnull", exclude=True
    )

    class Meta(SearchFilterSet.Meta):
        model = Attachment
        fields = ["q", "subject_type", "subject_id", "removed"]

    def filter_subject_type(self, queryset: Any, name: str, value: str) -> Any:
        app_label, _dot, model = str(value).lower().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


ATTACHMENT_COLUMNS = (
    Column("name", gettext_lazy("File"), link=True),
    Column("mime_type", gettext_lazy("Type")),
    Column("size", gettext_lazy("Size (bytes)")),
    Column("uploaded_by", gettext_lazy("Uploaded by"), sort=False),
    Column("created_at", gettext_lazy("Uploaded at")),
    Column("removed_at", gettext_lazy("Removed at")),
)


class AttachmentListView(ObjectListView):
    """Every file on the records the user may view (an auditor's register of evidence)."""

    model = Attachment
    filterset_class = AttachmentFilterSet
    title = str(gettext_lazy("Files"))
    columns = ATTACHMENT_COLUMNS

    def get_queryset(self) -> models.QuerySet[Any]:
        return attachment_list(
            user=self.request.user, organization=self.organization
        ).select_related("uploaded_by")

    def default_sort(self) -> str:
        return "-created_at"


class AttachmentDetailView(ObjectDetailView):
    """One file: its record, who uploaded it, its SHA-256, removal, and its history."""

    model = Attachment
    template_name = "core/attachments/attachment_detail.html"
    fields = (
        Column("name", gettext_lazy("File")),
        Column("mime_type", gettext_lazy("Type")),
        Column("size", gettext_lazy("Size (bytes)")),
        Column("sha256", gettext_lazy("SHA-256")),
        Column("description", gettext_lazy("Description")),
        Column("uploaded_by", gettext_lazy("Uploaded by")),
        Column("created_at", gettext_lazy("Uploaded at")),
        Column("removed_at", gettext_lazy("Removed at")),
        Column("removed_by", gettext_lazy("Removed by")),
        Column("removal_reason", gettext_lazy("Reason for removal")),
    )

    def get_object(self) -> Any:
        return attachment_get(
            user=self.request.user, organization=self.organization, pk=self.kwargs["pk"]
        )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        subject = _subject_of(obj)
        context["subject"] = subject
        context["can_remove"] = not obj.is_removed and has_object_perm(
            self.request.user, subject, "change", organization=self.organization
        )
        return context
