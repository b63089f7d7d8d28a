"""The retention report (records past their retention, or soon) and disposing of one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.errors import Conflict
from qms.core.views.generic import TenantViewMixin

if TYPE_CHECKING:
    from qms.accounts.models import User

from .. import rules
from ..models import Document
from ..selectors import reviews as selectors
from ..services import retention as services


class DisposeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "E.g. “Retention period ended; paper originals shredded under the disposal log.” "
            "Kept in the audit trail."
        ),
    )


def _breadcrumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Documents"), reverse("documents:document_list")),
        *items,
    ]


class RetentionReportView(TenantViewMixin, View):
    model = Document
    template_name = "documents/reading/retention.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        report = selectors.retention_report(user=request.user, organization=self.organization)
        can_dispose = self.can("dispose")
        return render(
            request,
            self.template_name,
            {
                "title": _("Retention of records"),
                "report": report,
                "can_dispose": can_dispose,
                "breadcrumbs": _breadcrumbs((_("Retention"), None)),
            },
        )


class DocumentDisposeView(TenantViewMixin, View):
    """Dispose of one record (the document workflow's "dispose" step, reason required)."""

    model = Document
    template_name = "documents/reading/dispose_form.html"

    def get_document(self) -> Document:
        document: Document = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("dispose", obj=document)
        return document

    def page(self, document: Document, form: DisposeForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "object": document,
                "form": form,
                "blocked": rules.retention_passed(obj=document, actor=self.request.user),
                "title": _("Dispose of %(document)s") % {"document": document},
                "cancel_url": reverse("documents:retention"),
                "breadcrumbs": _breadcrumbs(
                    (_("Retention"), reverse("documents:retention")),
                    (str(document), document.get_absolute_url()),
                    (_("Dispose"), None),
                ),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.get_document(), DisposeForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.get_document()
        form = DisposeForm(request.POST)
        if not form.is_valid():
            return self.page(document, form, status=400)
        try:
            services.document_dispose(
                actor=cast("User", request.user),
                document=document,
                reason=form.cleaned_data["reason"],
            )
        except Conflict as error:
            form.add_error(None, str(error))
            return self.page(document, form, status=409)
        messages.success(
            request,
            _("%(document)s disposed of. Its register entry and history are kept.")
            % {"document": document},
        )
        return HttpResponseRedirect(reverse("documents:retention"))
