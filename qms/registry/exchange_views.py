"""The certification body's download of its certificates for IAF CertSearch (CSV or XLSX).

For a logged-in member of a certification body of this installation whose role may export
the registry's certificates (the owner; the certification manager): the body's own source
(`org:<organization id>`) only. An organization that publishes nothing here gets 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views import View

from qms.core.export import csv_response, xlsx_response
from qms.core.views.generic import TenantViewMixin

from .exports import HEADER, export_filename_stem, export_rows
from .imports import source_key_of
from .models import PublicCertificate, Source


class CertSearchExportView(TenantViewMixin, View):
    model = PublicCertificate

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("export")
        source = Source.objects.filter(key=source_key_of(self.organization)).first()
        if source is None:
            raise Http404("This organization publishes no certificates to the registry.")
        kind = request.GET.get("format", "csv")
        if kind not in ("csv", "xlsx"):
            return HttpResponseBadRequest("format must be csv or xlsx.")
        rows = export_rows(source=source, include_drafts=request.GET.get("drafts") == "1")
        stem = export_filename_stem(source)
        if kind == "xlsx":
            return xlsx_response(stem, HEADER, rows)
        return csv_response(stem, HEADER, rows)  # type: ignore[return-value]
