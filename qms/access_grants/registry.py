"""The record types of the existing modules, registered from ready(). A later module
registers its own with `records.register_record_type` in its ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .records import RecordType, Scope, register_record_type, scoped


def _documents(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.documents.choices import DocumentStatus, RevisionStatus
    from qms.documents.models import Document

    return scoped(
        Document.objects.filter(
            status=DocumentStatus.ACTIVE, current_revision__status=RevisionStatus.EFFECTIVE
        ).select_related("process", "owner", "current_revision", "current_revision__file"),
        scope,
        process_path="process",
    ).order_by("number", "id")


def _document_files(document: Any) -> list[Any]:
    revision = document.current_revision
    if revision is None or revision.file_id is None:
        return []
    return [revision.file]


def _nonconformities(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.nonconformities.models import Nonconformity

    return scoped(
        Nonconformity.objects.select_related("process", "owner"), scope, process_path="process"
    ).order_by("-number", "-id")


def _risks(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.risks.models import Risk

    return scoped(Risk.objects.select_related("owner"), scope, process_path="processes").order_by(
        "number", "id"
    )


def _objectives(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.objectives.models import QualityObjective

    return scoped(
        QualityObjective.objects.select_related("owner"), scope, process_path="processes"
    ).order_by("number", "id")


def _processes(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.organizations.models import Process

    queryset = scoped(Process.objects.select_related("owner"), scope)
    if scope.process_ids is not None:
        queryset = queryset.filter(pk__in=scope.process_ids)
    return queryset.order_by("code", "name", "id")


def _audits(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.internal_audits.choices import AuditStatus
    from qms.internal_audits.models import Audit

    return scoped(
        Audit.objects.filter(status__in=(AuditStatus.REPORTED, AuditStatus.CLOSED)).select_related(
            "lead_auditor"
        ),
        scope,
        process_path="processes",
        clause_path="clauses",
    ).order_by("-number", "-id")


def _audit_context(audit: Any, scope: Scope) -> dict[str, Any]:
    from qms.internal_audits.findings import raised_q
    from qms.internal_audits.models import Finding

    # The findings that stand, as in the audit report: withdrawn ones are not shown outside.
    findings = Finding.objects.filter(
        raised_q(), organization_id=audit.organization_id, audit=audit
    )
    if scope.clause_ids is not None:  # only the findings on granted clauses (or on none)
        findings = findings.filter(Q(clause_id__in=scope.clause_ids) | Q(clause__isnull=True))
    return {
        "findings": list(
            findings.select_related("clause", "nonconformity").order_by("number", "id")
        )
    }


def _audit_pdf(audit: Any, scope: Scope) -> HttpResponse:
    """The audit report; with a clause scope, an extract limited to the granted clauses."""
    from qms.internal_audits.report import audit_report_pdf

    if scope.clause_ids is None:
        return audit_report_pdf(audit=audit)
    return audit_report_pdf(audit=audit, clause_ids=scope.clause_ids, extract_for=scope.label)


def _reviews(organization: Any, scope: Scope) -> QuerySet[Any]:
    from qms.management_reviews.choices import ReviewStatus
    from qms.management_reviews.models import ManagementReview

    return scoped(
        # Only reviews whose minutes are approved: held-but-unapproved minutes are a draft.
        ManagementReview.objects.filter(status=ReviewStatus.MINUTES_APPROVED).select_related(
            "chair"
        ),
        scope,
    ).order_by("-held_on", "-id")


def _review_pdf(review: Any, scope: Scope) -> HttpResponse:
    """The pack and minutes; each input section keeps its figures, but lists only the records
    whose type is granted and that are in the grant's scope."""
    from qms.core.pdf import pdf_response, render_pdf
    from qms.management_reviews.pdf import TEMPLATE, review_context

    from .portal_readiness import record_of, visible_records

    context = review_context(review=review)
    sections = [item["section"] for item in context["items"]]
    urls = [row.get("url") for section in sections for row in section.links or []]
    visible = visible_records(review.organization, scope, urls)
    for section in sections:  # in memory only: the frozen pack is not changed
        section.links = [row for row in section.links or [] if record_of(row.get("url")) in visible]
    pdf = render_pdf(
        template_name=TEMPLATE,
        context=context,
        title=f"Management review {review.number}",
        organization_name=str(review.organization),
        header_right=review.number,
        footer_note=f"Management review {review.number} (ISO 9001 9.3) · extract for "
        f"{scope.label}: records outside the granted scope are not listed",
    )
    return pdf_response(pdf=pdf, filename=f"management-review-{review.number}.pdf")


def _readiness(organization: Any, scope: Scope) -> dict[str, Any]:
    from django.utils import timezone

    from qms.readiness.data import report_data
    from qms.readiness.selectors import readiness_report

    from .portal_readiness import scoped_readiness

    data = report_data(readiness_report(organization=organization, today=timezone.localdate()))
    # Only the grant's standards, clauses, record types and processes (portal_readiness).
    return {
        "readiness": scoped_readiness(data, organization=organization, scope=scope),
        "no_links": True,
    }


def register() -> None:
    register_record_type(
        RecordType(
            key="documents",
            label=_("Documents (effective revisions)"),
            queryset=_documents,
            columns=((_("Number"), "number"), (_("Title"), "title"), (_("Process"), "process")),
            fields=(
                (_("Number"), "number"),
                (_("Title"), "title"),
                (_("Type"), "document_type"),
                (_("Process"), "process"),
                (_("Owner"), "owner"),
                (_("Purpose and scope"), "description"),
                (_("Revision"), "current_revision.number"),
                (_("Effective from"), "current_revision.effective_on"),
                (_("Change summary"), "current_revision.change_summary"),
                (_("Next review due"), "next_review_on"),
            ),
            detail_template="access_grants/external/records/_document.html",
            files=_document_files,
        )
    )
    register_record_type(
        RecordType(
            key="nonconformities",
            label=_("Nonconformities"),
            queryset=_nonconformities,
            columns=((_("Number"), "number"), (_("Title"), "title"), (_("Status"), "status")),
            fields=(
                (_("Number"), "number"),
                (_("Title"), "title"),
                (_("Status"), "status"),
                (_("Source"), "source"),
                (_("Severity"), "severity"),
                (_("Process"), "process"),
                (_("Detected on"), "detected_on"),
                (_("Owner"), "owner"),
                (_("Description"), "description"),
                (_("Containment"), "containment"),
                (_("Correction"), "correction"),
            ),
        )
    )
    register_record_type(
        RecordType(
            key="risks",
            label=_("Risks and opportunities"),
            queryset=_risks,
            columns=((_("Number"), "number"), (_("Title"), "title"), (_("Status"), "status")),
            fields=(
                (_("Number"), "number"),
                (_("Kind"), "kind"),
                (_("Title"), "title"),
                (_("Status"), "status"),
                (_("Owner"), "owner"),
                (_("Description"), "description"),
                (_("Residual rating"), "residual_band"),
                (_("Treatment"), "treatment"),
                (_("Treatment plan"), "treatment_plan"),
                (_("Last reviewed on"), "last_reviewed_on"),
            ),
        )
    )
    register_record_type(
        RecordType(
            key="objectives",
            label=_("Quality objectives"),
            queryset=_objectives,
            columns=((_("Number"), "number"), (_("Title"), "title"), (_("Status"), "status")),
            fields=(
                (_("Number"), "number"),
                (_("Title"), "title"),
                (_("Status"), "status"),
                (_("Owner"), "owner"),
                (_("Description"), "description"),
                (_("Unit"), "unit"),
                (_("Target"), "target"),
                (_("Start date"), "start_date"),
                (_("Due date"), "due_date"),
                (_("How results are evaluated"), "evaluation"),
            ),
        )
    )
    register_record_type(
        RecordType(
            key="internal_audits",
            label=_("Internal audits (reports and findings)"),
            queryset=_audits,
            columns=((_("Number"), "number"), (_("Title"), "title"), (_("Status"), "status")),
            fields=(
                (_("Number"), "number"),
                (_("Title"), "title"),
                (_("Status"), "status"),
                (_("Scope"), "scope"),
                (_("Lead auditor"), "lead_auditor"),
                (_("Start"), "start_on"),
                (_("End"), "end_on"),
                (_("Reported on"), "reported_on"),
                (_("Conclusion"), "conclusion"),
            ),
            detail_template="access_grants/external/records/_audit.html",
            detail_context=_audit_context,
            pdf=_audit_pdf,
        )
    )
    register_record_type(
        RecordType(
            key="management_reviews",
            label=_("Management reviews (pack and minutes)"),
            queryset=_reviews,
            columns=((_("Number"), "number"), (_("Held on"), "held_on"), (_("Status"), "status")),
            fields=(
                (_("Number"), "number"),
                (_("Title"), "title"),
                (_("Period from"), "period_start"),
                (_("Period to"), "period_end"),
                (_("Held on"), "held_on"),
                (_("Chair"), "chair"),
                (_("Status"), "status"),
                (_("Conclusion"), "conclusion"),
            ),
            detail_template="access_grants/external/records/_review.html",
            pdf=_review_pdf,
        )
    )
    register_record_type(
        RecordType(
            key="readiness",
            label=_("Stage 1 readiness report"),
            queryset=lambda organization, scope: _processes(organization, scope).none(),
            report=_readiness,
            report_template="access_grants/external/records/_readiness.html",
        )
    )
    register_record_type(
        RecordType(
            key="processes",
            label=_("Processes"),
            queryset=_processes,
            columns=((_("Code"), "code"), (_("Name"), "name"), (_("Owner"), "owner")),
            fields=(
                (_("Code"), "code"),
                (_("Name"), "name"),
                (_("Purpose"), "purpose"),
                (_("Owner"), "owner"),
                (_("Status"), "status"),
            ),
        )
    )
