"""`/documents/<pk>/controlled-copy.pdf`: the effective revision as a controlled copy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from qms.core.pdf import pdf_response
from qms.core.views.generic import TenantViewMixin

from ..choices import RevisionStatus
from ..models import Document
from ..pdf import ControlledCopyRefused, controlled_copy_pdf


class ControlledCopyView(TenantViewMixin, View):
    model = Document

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = get_object_or_404(
            self.scoped("view").select_related(
                "organization",
                "owner",
                "process",
                "current_revision",
                "current_revision__author",
                "current_revision__approved_by",
                "current_revision__file",
            ),
            pk=kwargs["pk"],
        )
        revision = document.current_revision
        if revision is None or revision.status != RevisionStatus.EFFECTIVE:
            messages.error(
                request,
                _("%(document)s has no revision in force: there is no controlled copy to print.")
                % {"document": document.number},
            )
            return HttpResponseRedirect(document.get_absolute_url())
        try:
            pdf = controlled_copy_pdf(document=document, revision=revision, request=request)
        except ControlledCopyRefused as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(document.get_absolute_url())
        return pdf_response(pdf=pdf, filename=f"{document.number} rev {revision.number}.pdf")
