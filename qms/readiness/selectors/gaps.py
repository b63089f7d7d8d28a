"""The blocking gaps and areas of concern a Stage 1 auditor would raise (domain-spec §3.2),
each read from live records with one query: internal-audit coverage of the scope, a recent
management review, an effective quality policy, quality objectives in force, open major
nonconformities, documents overdue for review, the QMS scope, process owners."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.context.models import QmsScope
from qms.documents.choices import DocumentStatus, DocumentType
from qms.documents.models import Document
from qms.documents.selectors.reviews import review_overdue_on
from qms.internal_audits.choices import COMPLETED_STATES
from qms.internal_audits.models import Audit
from qms.management_reviews.selectors import latest_held_review
from qms.nonconformities.choices import OPEN_STATES, Severity
from qms.nonconformities.models import Nonconformity
from qms.objectives.choices import ObjectiveStatus
from qms.objectives.models import QualityObjective
from qms.organizations.choices import ProcessStatus
from qms.organizations.models import Process
from qms.standards.models import Clause

from ..choices import GapSeverity

if TYPE_CHECKING:
    from .report import Gap, ReadinessReport


def _url(name: str, query: str = "") -> str:
    return reverse(name) + query


def _items(records: Iterable[Any]) -> list[tuple[str, str | None]]:
    return [(str(record), record.get_absolute_url()) for record in records]


def _clause_index(report: ReadinessReport) -> dict[str, Clause]:
    """Clause number → clause, from the ISO 9001 edition(s) first, then the others."""
    index: dict[str, Clause] = {}
    editions = sorted(report.editions, key=lambda item: "9001" not in item.edition.standard.code)
    for edition in editions:
        for group in edition.groups:
            index.setdefault(group.clause.number, group.clause)
            for line in group.lines:
                index.setdefault(line.clause.number, line.clause)
    return index


def find_gaps(report: ReadinessReport) -> list[Gap]:
    from .report import Gap

    organization = report.organization
    today = report.today
    clauses = _clause_index(report)
    gaps: list[Gap] = []

    def add(
        key: str,
        severity: str,
        message: str,
        *,
        numbers: tuple[str, ...],
        url: str,
        link_label: str,
        items: list[tuple[str, str | None]] | None = None,
    ) -> None:
        """A gap about the first of the clause `numbers` the adopted standards have."""
        clause = next((clauses[n] for n in numbers if n in clauses), None)
        gaps.append(
            Gap(
                key,
                severity,
                message,
                clause=clause,
                url=url,
                link_label=link_label,
                items=items or [],
            )
        )

    if not report.editions:
        add(
            "no_standard",
            GapSeverity.BLOCKING,
            _("No standard adopted yet: choose the standards your management system follows."),
            numbers=(),
            url=_url("standards:organizationstandard_list"),
            link_label=_("Adopt a standard"),
        )

    # Internal audit covering the whole scope within the cycle (§9.2).
    uncovered = [line for line in report.lines if not line.excluded and line.audited_on is None]
    if uncovered:
        add(
            "audit_coverage",
            GapSeverity.BLOCKING,
            _(
                "No completed internal audit has covered %(count)d of the applicable "
                "clauses since %(since)s: the internal audits do not cover the whole "
                "scope yet."
            )
            % {"count": len(uncovered), "since": report.audit_since.isoformat()},
            numbers=("9.2.2", "9.2"),
            url=_url("internal_audits:audit_list"),
            link_label=_("Plan internal audits"),
            items=[
                (
                    f"{line.clause.reference} {line.clause.display_title}",
                    line.clause.get_absolute_url(),
                )
                for line in uncovered
            ],
        )

    # Every process in the scope covered by a completed internal audit within the cycle.
    unaudited = _processes_not_audited(organization, report.audit_since)
    if unaudited:
        add(
            "audit_processes",
            GapSeverity.BLOCKING,
            ngettext(
                "%(count)d process has not been covered by a completed internal audit "
                "since %(since)s.",
                "%(count)d processes have not been covered by a completed internal audit "
                "since %(since)s.",
                len(unaudited),
            )
            % {"count": len(unaudited), "since": report.audit_since.isoformat()},
            numbers=("9.2.2", "9.2"),
            url=_url("internal_audits:audit_add"),
            link_label=_("Plan an audit of these processes"),
            items=_items(unaudited),
        )

    # Management review within the last N months (§9.3).
    review = latest_held_review(organization=organization)
    held_on = review.held_on if review is not None else None
    if held_on is None or held_on < report.review_since:
        if held_on is None:
            message = _("No management review has been held yet.")
        else:
            message = _(
                "The last management review was held on %(date)s, more than %(months)d months ago."
            ) % {"date": held_on.isoformat(), "months": int(settings.READINESS_REVIEW_MONTHS)}
        add(
            "management_review",
            GapSeverity.BLOCKING,
            message,
            numbers=("9.3.1", "9.3"),
            url=_url("management_reviews:managementreview_list"),
            link_label=_("Hold a management review"),
        )

    # An effective quality policy (§5.2).
    policy = (
        Document.objects.for_organization(organization)
        .filter(
            document_type=DocumentType.POLICY,
            status=DocumentStatus.ACTIVE,
            current_revision__isnull=False,
        )
        .exists()
    )
    if not policy:
        add(
            "quality_policy",
            GapSeverity.BLOCKING,
            _("There is no quality policy with an approved, effective revision."),
            numbers=("5.2.1", "5.2"),
            url=_url("documents:document_list", query="?document_type=policy"),
            link_label=_("Open the policies"),
        )

    # Quality objectives in force (§6.2).
    objectives = (
        QualityObjective.objects.for_organization(organization)
        .filter(status=ObjectiveStatus.ACTIVE)
        .exists()
    )
    if not objectives:
        add(
            "quality_objectives",
            GapSeverity.BLOCKING,
            _("No quality objective is in force (active)."),
            numbers=("6.2.1", "6.2"),
            url=_url("objectives:qualityobjective_list"),
            link_label=_("Set quality objectives"),
        )

    # Open major nonconformities (§10.2).
    majors = list(
        Nonconformity.objects.for_organization(organization)
        .filter(severity=Severity.MAJOR, status__in=OPEN_STATES)
        .order_by("id")
    )
    if majors:
        add(
            "open_major_ncs",
            GapSeverity.BLOCKING,
            ngettext(
                "%(count)d major nonconformity is still open.",
                "%(count)d major nonconformities are still open.",
                len(majors),
            )
            % {"count": len(majors)},
            numbers=("10.2.1", "10.2"),
            url=_url("nonconformities:nonconformity_list", query="?severity=major"),
            link_label=_("Open the nonconformities"),
            items=_items(majors),
        )

    # The scope of the QMS written (§4.3).
    scope = QmsScope.objects.for_organization(organization).exclude(statement="").exists()
    if not scope:
        add(
            "qms_scope",
            GapSeverity.BLOCKING,
            _("The scope of the quality management system has not been written."),
            numbers=("4.3",),
            url=_url("context:overview"),
            link_label=_("Write the scope"),
        )

    # Documents overdue for their periodic review (§7.5.2).
    overdue = list(
        review_overdue_on(
            Document.objects.for_organization(organization).filter(current_revision__isnull=False),
            today,
        ).order_by("next_review_on", "number", "id")
    )
    if overdue:
        add(
            "documents_overdue",
            GapSeverity.CONCERN,
            ngettext(
                "%(count)d document is overdue for its periodic review.",
                "%(count)d documents are overdue for their periodic review.",
                len(overdue),
            )
            % {"count": len(overdue)},
            numbers=("7.5.2", "7.5"),
            url=_url("documents:document_list", query="?review=overdue"),
            link_label=_("Review the documents"),
            items=[
                (
                    _("%(document)s (review due %(date)s)")
                    % {"document": str(doc), "date": f"{doc.next_review_on}"},
                    doc.get_absolute_url(),
                )
                for doc in overdue
            ],
        )

    # Every process has an owner (§4.4, §5.3).
    ownerless = list(
        Process.objects.for_organization(organization)
        .filter(owner__isnull=True)
        .exclude(status=ProcessStatus.RETIRED)
        .order_by("name", "id")
    )
    if ownerless:
        add(
            "process_owners",
            GapSeverity.CONCERN,
            ngettext(
                "%(count)d process has no owner.",
                "%(count)d processes have no owner.",
                len(ownerless),
            )
            % {"count": len(ownerless)},
            numbers=("4.4.1", "4.4"),
            url=_url("organizations:process_list"),
            link_label=_("Name the owners"),
            items=_items(ownerless),
        )
    return gaps


def _processes_not_audited(organization: Any, since: Any) -> list[Process]:
    """Active processes no completed internal audit (reported since `since`) included."""
    audited = set(
        Audit.objects.for_organization(organization)
        .filter(status__in=COMPLETED_STATES, reported_on__gte=since)
        .exclude(processes=None)
        .values_list("processes", flat=True)
    )
    return [
        process
        for process in Process.objects.for_organization(organization)
        .filter(status=ProcessStatus.ACTIVE)
        .order_by("name", "id")
        if process.pk not in audited
    ]
