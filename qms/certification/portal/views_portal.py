"""/portal/: the client portal. A person sees the clients they hold an active portal access
for, and only those clients' audits (plan as last sent, findings, reports once concluded)
and certificates; everything else, whatever its number, answers 404 (another client of the
same body, another body's, a revoked access, a member of the body who is no portal user).
The home page of someone without an active access says so (200), naming nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from qms.core.attachments.selectors import attachments_for
from qms.core.errors import Conflict
from qms.core.views.attachments import file_response
from qms.core.views.generic import apply_validation_error

from ..certificates.pdf import certificate_pdf as certificate_pdf_bytes
from ..certificates.services.publishing import lookup_counts
from ..choices import FindingStatus
from ..models import AuditPlanIssue, CertAudit, CertFinding
from . import selectors, services
from .forms import ResponseForm

PORTAL = {"portal": True}


def _bytes_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _documents(audit: CertAudit) -> dict[str, bool]:
    """Which documents the audit offers the client now."""
    return {
        "plan": selectors.latest_plan_issue(audit) is not None,
        "report": audit.concluded_at is not None,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    accesses = list(selectors.portal_accesses_of(user))
    audits = list(selectors.portal_audits(user)) if accesses else []
    open_findings = list(selectors.portal_open_findings(user)) if accesses else []
    flags = selectors.finding_flags(open_findings, today=timezone.localdate())
    certificates = list(selectors.portal_certificates(user)) if accesses else []
    lookups = lookup_counts(certificates)
    return render(
        request,
        "certification/portal/home.html",
        {
            **PORTAL,
            "title": "Client portal",
            "accesses": accesses,
            "audits": audits,
            "open_findings": [(f, flags[f.pk]) for f in open_findings],
            "certificates": [(c, lookups.get(c.number)) for c in certificates],
        },
    )


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.portal_audit_get(request.user, pk)
    findings = list(selectors.portal_findings(request.user, audit=audit))
    flags = selectors.finding_flags(findings, today=timezone.localdate())
    issue = selectors.latest_plan_issue(audit)
    return render(
        request,
        "certification/portal/audit_detail.html",
        {
            **PORTAL,
            "title": f"{audit.get_kind_display()} · {audit.programme.client.legal_name}",
            "audit": audit,
            "issue": issue,
            "slots": (issue.snapshot or {}).get("slots", []) if issue is not None else [],
            "findings": [(f, flags[f.pk]) for f in findings],
            "documents": _documents(audit),
        },
    )


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.portal_audit_get(request.user, pk)
    issue: AuditPlanIssue | None = selectors.latest_plan_issue(audit)
    if issue is None:
        raise Http404
    try:
        from qms.certification.audits.plan_pdf import plan_issue_pdf
    except ImportError:  # the audits area has not delivered its PDF yet
        raise Http404 from None
    return _bytes_response(
        plan_issue_pdf(issue),
        filename=f"audit-plan-{audit.pk}-v{issue.version}.pdf",
        content_type="application/pdf",
    )


@login_required
def report_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    audit = selectors.portal_audit_get(request.user, pk)
    if audit.concluded_at is None or kind not in ("pdf", "docx"):
        raise Http404
    try:
        from qms.certification.reports import documents
    except ImportError:
        raise Http404 from None
    if kind == "pdf":
        return _bytes_response(
            documents.audit_report_pdf(audit),
            filename=f"audit-report-{audit.pk}.pdf",
            content_type="application/pdf",
        )
    return _bytes_response(
        documents.audit_report_docx(audit),
        filename=f"audit-report-{audit.pk}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _finding_page(
    request: HttpRequest, finding: CertFinding, form: ResponseForm | None, status: int = 200
) -> HttpResponse:
    flags = selectors.finding_flags([finding], today=timezone.localdate())[finding.pk]
    responses = list(finding.responses.all())
    files = {r.pk: list(attachments_for(subject=r)) for r in responses}
    may_respond = finding.status == FindingStatus.OPEN
    return render(
        request,
        "certification/portal/finding_detail.html",
        {
            **PORTAL,
            "title": f"{finding.number} · {finding.get_grade_display()}",
            "finding": finding,
            "audit": finding.audit,
            "flags": flags,
            "responses": [(r, files[r.pk]) for r in responses],
            "form": (form or ResponseForm()) if may_respond else None,
        },
        status=status,
    )


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.portal_finding_get(request.user, pk)
    if request.method != "POST":
        return _finding_page(request, finding, None)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            services.response_submit(
                actor=request.user,  # type: ignore[arg-type]
                finding=finding,
                data=data,
                files=form.cleaned_data.get("evidence") or [],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except (Conflict, PermissionDenied) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("portal:finding_detail", args=[finding.pk]))
        else:
            messages.success(request, f"Your response to {finding.number} was sent.")
            return HttpResponseRedirect(reverse("portal:finding_detail", args=[finding.pk]))
    return _finding_page(request, finding, form, status=400)


@login_required
def response_file(request: HttpRequest, pk: int, response: int, file: int) -> HttpResponseBase:
    finding = selectors.portal_finding_get(request.user, pk)
    answer = next((r for r in finding.responses.all() if r.pk == response), None)
    if answer is None:
        raise Http404
    attachment = next((a for a in attachments_for(subject=answer) if a.pk == file), None)
    if attachment is None:
        raise Http404
    return file_response(attachment)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.portal_certificate_get(request.user, pk)
    return _bytes_response(
        certificate_pdf_bytes(certificate),
        filename=f"certificate-{certificate.number}.pdf",
        content_type="application/pdf",
    )
