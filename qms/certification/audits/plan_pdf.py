"""The audit plan as the client receives it: a frozen snapshot of everything the PDF shows
(`plan_snapshot`, stored on each `AuditPlanIssue`), and the PDF rendered from it by core's
WeasyPrint layout (`plan_issue_pdf`). A version's PDF is the same whenever it is printed:
it reads the snapshot, never the plan as it is now."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import EmailMessage
from django.http import HttpResponse
from django.utils.translation import gettext as _

from qms.core.pdf import pdf_response, render_pdf

from ..body.selectors import certification_body_of
from ..models import AuditPlan, AuditPlanIssue, AuditPlanSlot, CertAudit
from . import selectors

TEMPLATE = "certification/audits/pdf/plan.html"
logger = logging.getLogger(__name__)


def _person(user: Any) -> str:
    return str(user) if user is not None else ""


def plan_snapshot(
    *,
    plan: AuditPlan,
    audit: CertAudit,
    version: int,
    sent_at: dt.datetime,
    sent_by: Any,
    change_note: str,
) -> dict[str, Any]:
    """Everything the plan's PDF and the portal show, as JSON (dates as ISO strings)."""
    programme = audit.programme
    client = programme.client
    body = certification_body_of(audit.organization_id)
    members = selectors.members_of(audit)
    slots = (
        AuditPlanSlot.objects.filter(organization_id=plan.organization_id, plan=plan)
        .select_related("site", "auditor")
        .prefetch_related("clauses")
        .order_by("day", "starts", "id")
    )
    return {
        "version": version,
        "sent_at": sent_at.isoformat(),
        "sent_by": _person(sent_by),
        "change_note": change_note,
        "body": {
            "name": body.name if body is not None else str(audit.organization),
            "address": body.address if body is not None else "",
        },
        "client": {"name": client.legal_name, "number": client.number, "address": client.address},
        "audit": {
            "id": audit.pk,
            "title": f"{audit.get_kind_display()} · {client.legal_name}",
            "kind": audit.get_kind_display(),
            "programme": programme.number,
            "start_date": audit.start_date.isoformat() if audit.start_date else None,
            "end_date": (audit.end_date or audit.start_date).isoformat()
            if audit.start_date
            else None,
            "audit_days": str(audit.audit_days) if audit.audit_days is not None else None,
            "standards": [str(edition) for edition in programme.editions.all()],
            "iaf_codes": [f"{code.code} {code.title}" for code in programme.iaf_codes.all()],
            "sites": [
                {"name": site.name, "address": site.address}
                for site in selectors.audit_sites(audit)
            ],
        },
        "objectives": plan.objectives,
        "scope": plan.scope,
        "criteria": plan.criteria,
        "notes": plan.notes,
        "team": [
            {"name": _person(member.person), "role": member.get_role_display()}
            for member in members
        ],
        "slots": [
            {
                "day": slot.day.isoformat(),
                "starts": slot.starts.strftime("%H:%M"),
                "ends": slot.ends.strftime("%H:%M"),
                "activity": slot.activity,
                "processes": slot.processes,
                "site": slot.site.name if slot.site else "",
                "clauses": [
                    f"{clause.number} {clause.title or clause.label or ''}".strip()
                    for clause in slot.clauses.all()
                ],
                "auditor": _person(slot.auditor),
                "remote": slot.remote,
            }
            for slot in slots
        ],
    }


def plan_issue_pdf(issue: AuditPlanIssue) -> bytes:
    """The PDF of one sent version, from its snapshot."""
    snap = issue.snapshot
    days: dict[str, list[dict[str, Any]]] = {}
    for slot in snap.get("slots", []):
        days.setdefault(slot["day"], []).append(slot)
    title = f"Audit plan · {snap['audit']['title']}"
    return render_pdf(
        template_name=TEMPLATE,
        context={"snap": snap, "days": sorted(days.items()), "issue": issue},
        title=title,
        organization_name=snap["body"]["name"],
        header_right=f"{snap['audit']['programme']} · v{issue.version}",
        footer_note=f"Audit plan version {issue.version}",
    )


def plan_issue_response(issue: AuditPlanIssue) -> HttpResponse:
    return pdf_response(
        pdf=plan_issue_pdf(issue),
        filename=f"audit-plan-{issue.snapshot['audit']['programme']}-v{issue.version}.pdf",
    )


def mail_plan_issue(*, organization_id: int, issue_id: int, recipients: list[str]) -> bool:
    """Mail a sent version's PDF to the client's contacts (after commit). A failure is
    logged: the version stays sent and can be downloaded and mailed again."""
    if not recipients:
        return False
    issue = (
        AuditPlanIssue.objects.filter(organization_id=organization_id, pk=issue_id)
        .select_related("plan")
        .first()
    )
    if issue is None:
        return False
    snap = issue.snapshot
    subject = _("Audit plan %(audit)s, version %(version)d") % {
        "audit": snap.get("audit", {}).get("title", ""),
        "version": issue.version,
    }
    lines = [
        _("Dear %(client)s,") % {"client": snap.get("client", {}).get("name", "")},
        "",
        _("Please find attached the plan of your audit (version %(version)d).")
        % {"version": issue.version},
    ]
    if issue.change_note:
        lines += ["", _("What changed: %(note)s") % {"note": issue.change_note}]
    lines += ["", snap.get("body", {}).get("name", "")]
    try:
        message = EmailMessage(subject=subject, body="\n".join(lines), to=recipients)
        message.attach(f"audit-plan-v{issue.version}.pdf", plan_issue_pdf(issue), "application/pdf")
        message.send()
    except Exception:  # the version is sent and recorded; the mail can be sent again
        logger.exception("Mailing audit plan version %s failed", issue_id)
        return False
    return True
