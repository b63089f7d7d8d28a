"""The audit report as PDF and DOCX (report.py builds both)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from qms.core.views.generic import TenantViewMixin

from .. import report
from ..models import Audit


class _AuditReportView(TenantViewMixin, View):
    model = Audit

    def audit(self, pk: int) -> Audit:
        queryset = Audit.objects.for_user(self.request.user, "view", organization=self.organization)
        audit: Audit = get_object_or_404(queryset, pk=pk)
        self.require("view")
        return audit


class AuditReportPdfView(_AuditReportView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return report.audit_report_pdf(audit=self.audit(pk))


class AuditReportDocxView(_AuditReportView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return report.audit_report_docx(audit=self.audit(pk))
