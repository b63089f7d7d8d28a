"""Revision pages: list, detail (content, signatures, steps, review signing, file upload,
compare), edit with a Markdown preview, start a new revision, and the diff page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict
from qms.core.markdown import render_markdown
from qms.core.views.generic import (
    ObjectDetailView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.core.views.listing import ObjectListView

from ..choices import RevisionStatus
from ..filtersets import RevisionFilterSet
from ..forms import CompareForm, RevisionFileForm, RevisionForm, RevisionStartForm, SignReviewForm
from ..models import Document, DocumentRevision
from ..selectors.register import diff_counts, revision_diff, revisions_of
from ..services import revisions as services
from ..specs import REVISION


class RevisionListView(ObjectListView):
    model = DocumentRevision
    filterset_class = RevisionFilterSet
    columns = REVISION.columns
    title = "Document revisions"

    def default_sort(self) -> str:
        return "document__number"


class RevisionDetailView(ObjectDetailView):
    spec = REVISION
    template_name = "documents/revision_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related(
            "document", "author", "approved_by", "file", "document__current_revision"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def base_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [
            (_("Home"), reverse("core:dashboard")),
            (_("Document register"), reverse("documents:document_list")),
        ]

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        others = [r for r in revisions_of(document=obj.document) if r.pk != obj.pk]
        reviewers = list(obj.reviewers.all())
        signed = {
            s.signer_id
            for s, status in context.get("signatures", [])
            if s.meaning == "reviewed" and status == "valid"
        }
        is_draft = obj.status == RevisionStatus.DRAFT
        can_change = self.can("change", obj=obj)
        context.update(
            {
                "revision": obj,
                "document": obj.document,
                "reviewers": [(person, person.pk in signed) for person in reviewers],
                "approvers": list(obj.approvers.all()),
                "other_revisions": others,
                "compare_form": CompareForm(
                    initial={"against": others[0].number if others else None}
                ),
                "can_sign_review": (
                    obj.status == RevisionStatus.IN_REVIEW
                    and any(person.pk == user.pk for person in reviewers)
                    and user.pk not in signed
                    and self.can("sign_review", obj=obj)
                ),
                "sign_form": SignReviewForm(auto_id="sign_%s"),
                "can_upload": is_draft and can_change,
                "file_form": RevisionFileForm(auto_id="revision_%s"),
                "edit_url": reverse("documents:documentrevision_edit", args=[obj.pk])
                if is_draft and can_change
                else None,
                "breadcrumbs": [
                    *self.base_breadcrumbs(),
                    (str(obj.document), obj.document.get_absolute_url()),
                    (_("Revision %(number)s") % {"number": obj.number}, None),
                ],
            }
        )
        return context


class RevisionUpdateView(ObjectUpdateView):
    """Edit a draft revision. "Preview" renders the Markdown without saving (with htmx only
    the preview panel is swapped; without JavaScript the whole page comes back)."""

    spec = REVISION
    form_class = RevisionForm
    template_name = "documents/revision_form.html"
    update_service = staticmethod(services.revision_update)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if obj.status != RevisionStatus.DRAFT:
            messages.error(request, _("Only a draft revision can be edited."))
            return HttpResponseRedirect(obj.get_absolute_url())
        return super().get(request, *args, **kwargs)

    preview: Any = None

    def render_form(self, form: Any, obj: Any = None, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "object": obj,
            "revision": obj,
            "title": _("Edit %(name)s") % {"name": obj},
            "model_name": self.model._meta.verbose_name,
            "cancel_url": obj.get_absolute_url(),
            "preview": self.preview,
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Document register"), reverse("documents:document_list")),
                (str(obj.document), obj.document.get_absolute_url()),
                (str(obj), obj.get_absolute_url()),
                (_("Edit"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "preview" in request.POST:
            obj = self.get_object()
            preview = render_markdown(request.POST.get("body", ""))
            if getattr(request, "htmx", False):
                return render(request, "documents/partials/_preview.html", {"preview": preview})
            form = self.form_class(data=request.POST, instance=obj, **self.form_kwargs())
            form.is_valid()
            self.preview = preview
            return self.render_form(form, obj)
        try:
            return super().post(request, *args, **kwargs)
        except Conflict as error:
            messages.error(request, error.message)
            obj = self.get_object()
            return HttpResponseRedirect(obj.get_absolute_url())


def _revision(view: TenantViewMixin, pk: int, action: str) -> DocumentRevision:
    obj: DocumentRevision = get_object_or_404(view.scoped("view").select_related("document"), pk=pk)
    view.require(action, obj)
    return obj


class RevisionStartView(TenantViewMixin, View):
    """POST: start the document's next revision (a draft), then edit it."""

    model = DocumentRevision

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        manager: Any = Document._default_manager
        document = get_object_or_404(
            manager.for_user(request.user, "view", organization=self.organization), pk=pk
        )
        self.require("add")
        form = RevisionStartForm(request.POST)
        data = {}
        if form.is_valid() and form.cleaned_data["change_summary"]:
            data["change_summary"] = form.cleaned_data["change_summary"]
        try:
            actor: Any = request.user
            revision = services.revision_create(actor=actor, document=document, data=data)
        except (Conflict, ValidationError) as error:
            text = error.message if isinstance(error, Conflict) else " ".join(error.messages)
            messages.error(request, text)
            return HttpResponseRedirect(document.get_absolute_url())
        messages.success(request, _("Revision %(n)s started as a draft.") % {"n": revision.number})
        return HttpResponseRedirect(reverse("documents:documentrevision_edit", args=[revision.pk]))


class RevisionFileView(TenantViewMixin, View):
    """POST a file as the draft revision's content."""

    model = DocumentRevision

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = _revision(self, pk, "change")
        form = RevisionFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actor: Any = request.user
                services.revision_attach_file(
                    actor=actor, revision=revision, upload=form.cleaned_data["file"]
                )
            except Conflict as error:
                messages.error(request, error.message)
            except ValidationError as error:
                apply_validation_error(form, error)
                messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
            else:
                messages.success(request, _("File uploaded as the revision's content."))
        else:
            messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return HttpResponseRedirect(revision.get_absolute_url())


class RevisionSignReviewView(TenantViewMixin, View):
    """GET the signing form, POST the password: an assigned reviewer signs "Reviewed"."""

    model = DocumentRevision
    template_name = "documents/revision_sign_review.html"

    def page(
        self, revision: DocumentRevision, form: SignReviewForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "revision": revision,
            "form": form,
            "title": _("Sign the review of %(revision)s") % {"revision": revision},
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Document register"), reverse("documents:document_list")),
                (str(revision), revision.get_absolute_url()),
                (_("Sign review"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = _revision(self, pk, "sign_review")
        return self.page(revision, SignReviewForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = _revision(self, pk, "sign_review")
        form = SignReviewForm(request.POST)
        if not form.is_valid():
            return self.page(revision, form, status=400)
        try:
            actor: Any = request.user
            services.revision_sign_review(
                actor=actor, revision=revision, password=form.cleaned_data["password"]
            )
        except Conflict as error:
            for name, problems in error.errors.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
            if not error.errors:
                form.add_error(None, error.message)
            return self.page(revision, form, status=409)
        messages.success(request, _("You signed the review of %(r)s.") % {"r": revision})
        return HttpResponseRedirect(revision.get_absolute_url())


class RevisionDiffView(TenantViewMixin, View):
    """The revision's text against another revision of the same document (?against=N)."""

    model = DocumentRevision

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = _revision(self, pk, "view")
        form = CompareForm(request.GET)
        if not form.is_valid():
            raise Http404
        other = (
            self.scoped("view")
            .filter(document_id=revision.document_id, number=form.cleaned_data["against"])
            .first()
        )
        if other is None:
            raise Http404
        old, new = (other, revision) if other.number < revision.number else (revision, other)
        lines = revision_diff(old=old, new=new)
        context = {
            "revision": revision,
            "old": old,
            "new": new,
            "lines": lines,
            "counts": diff_counts(lines),
            "title": _("%(doc)s: revision %(a)s compared with %(b)s")
            % {"doc": revision.document.number, "a": new.number, "b": old.number},
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Document register"), reverse("documents:document_list")),
                (str(revision.document), revision.document.get_absolute_url()),
                (str(revision), revision.get_absolute_url()),
                (_("Compare"), None),
            ],
        }
        return render(request, "documents/revision_diff.html", context)
