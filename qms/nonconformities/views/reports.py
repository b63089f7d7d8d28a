"""One nonconformity with its whole history as a PDF report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from qms.core.pdf import pdf_response

from ..pdf import nonconformity_report_pdf
from ..selectors import nonconformity_list


@login_required
def nonconformity_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report of one nonconformity the user may see (another organization's: 404)."""
    organization = getattr(request, "organization", None)
    if organization is None:
        raise Http404
    nonconformity = get_object_or_404(
        nonconformity_list(user=request.user, organization=organization).select_related(
            "reported_by", "closed_by", "process__owner"
        ),
        pk=pk,
    )
    pdf = nonconformity_report_pdf(nonconformity=nonconformity, request=request)
    return pdf_response(pdf=pdf, filename=f"{nonconformity.number}.pdf")
