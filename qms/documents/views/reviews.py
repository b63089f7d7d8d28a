"""Pages of periodic review: the documents due or overdue, and recording one review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.views.generic import TenantViewMixin, apply_validation_error

if TYPE_CHECKING:
    from qms.accounts.models import User

from .. import rules
from ..choices import ReviewOutcome
from ..models import Document
from ..selectors import reviews as selectors
from ..services import reviews as services


class DocumentReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "“No change” keeps the revision in force and sets the next review date; "
            "“Revision needed” starts a new draft revision."
        ),
    )
    reviewed_on = forms.DateField(
        label=gettext_lazy("Reviewed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What you checked; for a revision, what needs to change."),
    )


def _breadcrumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Documents"), reverse("documents:document_list")),
        *items,
    ]


class ReviewDueView(TenantViewMixin, View):
    """Documents whose periodic review is overdue or due within 30 days."""

    model = Document
    template_name = "documents/reading/review_due.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        today = timezone.localdate()
        documents = list(
            selectors.documents_review_due(
                user=request.user, organization=self.organization, today=today
            )
        )
        rows = [
            {
                "document": document,
                "state": rules.review_state(document.next_review_on, today=today),
                "can_review": self.can("review", obj=document),
            }
            for document in documents
        ]
        return render(
            request,
            self.template_name,
            {
                "title": _("Periodic review"),
                "rows": rows,
                "overdue": sum(1 for row in rows if row["state"] == "overdue"),
                "breadcrumbs": _breadcrumbs((_("Periodic review"), None)),
            },
        )


class DocumentReviewView(TenantViewMixin, View):
    """Record one periodic review of a document; its earlier reviews below."""

    model = Document
    template_name = "documents/reading/review_form.html"

    def get_document(self) -> Document:
        document: Document = get_object_or_404(
            self.scoped("view").select_related("current_revision", "owner"), pk=self.kwargs["pk"]
        )
        self.require("review", obj=document)
        return document

    def page(self, document: Document, form: DocumentReviewForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "object": document,
                "form": form,
                "title": _("Review %(document)s") % {"document": document},
                "state": rules.review_state(document.next_review_on),
                "reviews": selectors.reviews_of(document=document),
                "cancel_url": document.get_absolute_url(),
                "breadcrumbs": _breadcrumbs(
                    (_("Periodic review"), reverse("documents:review_due")),
                    (str(document), document.get_absolute_url()),
                    (_("Review"), None),
                ),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.get_document()
        form = DocumentReviewForm(
            initial={"reviewed_on": timezone.localdate(), "outcome": ReviewOutcome.NO_CHANGE}
        )
        return self.page(document, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.get_document()
        form = DocumentReviewForm(request.POST)
        if form.is_valid():
            try:
                result = services.document_review_record(
                    actor=cast("User", request.user), document=document, data=form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if result.new_revision is not None:
                    messages.success(
                        request, _("Review recorded; a new draft revision was started.")
                    )
                    return HttpResponseRedirect(result.new_revision.get_absolute_url())
                if result.open_revision is not None:
                    messages.warning(
                        request,
                        _("Review recorded. Rev. %(number)s is already open: revise it there.")
                        % {"number": result.open_revision.number},
                    )
                    return HttpResponseRedirect(result.open_revision.get_absolute_url())
                next_on = result.document.next_review_on
                messages.success(
                    request,
                    _("Review recorded, no change. Next review due %(date)s.")
                    % {"date": next_on.strftime("%d %b %Y") if next_on else "—"},
                )
                return HttpResponseRedirect(document.get_absolute_url())
        return self.page(document, form, status=400)
