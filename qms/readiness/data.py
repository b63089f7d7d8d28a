"""The readiness report as plain data (JSON): what the API returns and what a snapshot
freezes. Pure: no query (the report is already computed)."""

from __future__ import annotations

from typing import Any

from .selectors.report import ClauseLine, Gap, ReadinessReport


def _line(line: ClauseLine) -> dict[str, Any]:
    return {
        "clause_id": line.clause.pk,
        "number": line.clause.number,
        "title": line.clause.display_title,
        "reference": line.clause.reference,
        "state": line.state,
        "state_label": line.state_label,
        "justification": line.justification,
        "audited_on": line.audited_on.isoformat() if line.audited_on else None,
        "evidence": [
            {
                "title": ref.title,
                "url": ref.url,
                "state": ref.state,
                "reviewed": ref.reviewed,
                "via": ref.via or "",
            }
            for ref in line.evidence
        ],
        "gaps": list(line.gaps),
    }


def gap_data(gap: Gap) -> dict[str, Any]:
    return {
        "key": gap.key,
        "severity": gap.severity,
        "severity_label": gap.severity_label,
        "message": gap.message,
        "clause": gap.clause_reference,
        "clause_url": gap.clause.get_absolute_url() if gap.clause is not None else None,
        "url": gap.url,
        "link_label": gap.link_label,
        "items": [{"title": title, "url": url} for title, url in gap.items],
    }


def report_data(report: ReadinessReport) -> dict[str, Any]:
    return {
        "organization": str(report.organization),
        "date": report.today.isoformat(),
        "percentage": report.percentage,
        "applicable": report.applicable,
        "ready": report.ready,
        "excluded": report.excluded,
        "counts": report.counts,
        "audit_since": report.audit_since.isoformat(),
        "review_since": report.review_since.isoformat(),
        "gaps": [gap_data(gap) for gap in report.gaps],
        "lacking": [
            {
                "clause_id": line.clause.pk,
                "reference": line.clause.reference,
                "number": line.clause.number,
                "title": line.clause.display_title,
                "state": line.state,
                "state_label": line.state_label,
            }
            for line in report.lacking
        ],
        "editions": [
            {
                "edition_id": edition.edition.pk,
                "edition": str(edition.edition),
                "title": edition.edition.standard.title,
                "percentage": edition.percentage,
                "applicable": edition.applicable,
                "ready": edition.ready,
                "groups": [
                    {
                        "number": group.clause.number,
                        "title": group.clause.display_title,
                        "counts": group.counts,
                        "clauses": [_line(line) for line in group.lines],
                    }
                    for group in edition.groups
                ],
            }
            for edition in report.editions
        ],
    }
