"""The audit report's downloads for the certification body's staff: PDF (shown in the
browser) and DOCX. Another organization's audit, or one the member may not read, is 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from qms.core.views.generic import TenantViewMixin

from ..models import CertAudit
from ..programme.selectors import certaudit_queryset
from . import documents


class _ReportView(TenantViewMixin, View):
    model = CertAudit
    kwargs: dict[str, Any]

    def get_audit(self) -> CertAudit:
        queryset = certaudit_queryset(user=self.request.user, organization=self.organization)
        audit: CertAudit = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.require("view", audit)
        return audit


class AuditReportPdfView(_ReportView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return documents.audit_report_pdf_response(self.get_audit())


class AuditReportDocxView(_ReportView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return documents.audit_report_docx_response(self.get_audit())
