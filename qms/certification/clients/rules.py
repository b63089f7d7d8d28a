"""Pure rules of clients and applications (the personnel breakdown is the audit-time
calculator's, see personnel.py): the acceptance of an
application (competence, accredited scope, the non-accredited override), the pre-transfer
review of IAF MD 2 (domain spec §3.9), site removal and the link to an organization of this
installation. No database access: selectors and the workflow's guards read the rows and
hand plain facts to these functions, which return None / [] or the problems in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..choices import ApplicationStatus

# --- Pre-transfer review (IAF MD 2; domain spec §3.9) ------------------------------------

# The review items, in order: (key in TransferReview.checklist, what the reviewer checks).
TRANSFER_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("scope", "Scope of the certification against our accreditation scope"),
    ("reasons", "Reasons for the transfer"),
    ("validity", "Validity of the certificate (dates and status)"),
    (
        "reports",
        "Last initial or recertification report, latest surveillance report and open "
        "nonconformities",
    ),
    ("complaints", "Complaints received and the actions taken"),
    ("cycle_stage", "Stage in the current certification cycle"),
    ("regulatory", "Regulatory issues (legal compliance, authorities' actions)"),
)
CHECKLIST_KEYS = tuple(key for key, _label in TRANSFER_CHECKLIST)
CERTIFICATE_VALID = "valid"


@dataclass(frozen=True)
class ChecklistRow:
    key: str
    label: str
    done: bool
    finding: str


def checklist_rows(stored: Mapping[str, Any] | None) -> list[ChecklistRow]:
    """Every review item with what was recorded for it (not done, no finding if nothing)."""
    stored = stored or {}
    rows = []
    for key, label in TRANSFER_CHECKLIST:
        item = stored.get(key)
        item = item if isinstance(item, Mapping) else {}
        rows.append(
            ChecklistRow(
                key=key,
                label=label,
                done=item.get("done") is True,
                finding=str(item.get("finding") or ""),
            )
        )
    return rows


def checklist_problems(checklist: Any) -> list[str]:
    """What is wrong with a checklist as sent (API): unknown items, wrong shapes."""
    if not isinstance(checklist, Mapping):
        return ["Send the checklist as an object of items: {item: {done, finding}}."]
    problems = []
    unknown = sorted(set(checklist) - set(CHECKLIST_KEYS))
    if unknown:
        problems.append(
            f"Unknown review items: {', '.join(map(str, unknown))}. "
            f"The items are: {', '.join(CHECKLIST_KEYS)}."
        )
    for key in CHECKLIST_KEYS:
        item = checklist.get(key)
        if item is None:
            continue
        if not isinstance(item, Mapping) or set(item) - {"done", "finding"}:
            problems.append(f"{key}: send {{done: true|false, finding: text}}.")
        elif not isinstance(item.get("done", False), bool):
            problems.append(f"{key}: done must be true or false.")
        elif not isinstance(item.get("finding", ""), str):
            problems.append(f"{key}: the finding must be text.")
    return problems


@dataclass(frozen=True)
class TransferFacts:
    """What the accept guard of a transfer needs from its pre-transfer review."""

    checklist: Mapping[str, Any]
    certificate_status: str
    certificate_expiry: dt.date
    mla_signatory: bool
    open_major_ncs: int
    reviewed_on: dt.date | None


def transfer_problems(facts: TransferFacts | None, *, today: dt.date) -> list[str]:
    """Why a transfer cannot be accepted (IAF MD 2): every review item done, a valid
    certificate (not suspended, not expired on the review date) issued under an MLA
    signatory's accreditation, and no open major nonconformity."""
    if facts is None:
        return ["Record the pre-transfer review (IAF MD 2) before accepting a transfer."]
    problems = []
    if not facts.mla_signatory:
        problems.append(
            "The issuing certification body's accreditation body is not an IAF MLA signatory: "
            "the certification cannot be transferred; treat the client as a new client "
            "(an initial certification application)."
        )
    missing = [row.label for row in checklist_rows(facts.checklist) if not row.done]
    if missing:
        problems.append(
            "The pre-transfer review is not complete; still to do: " + "; ".join(missing) + "."
        )
    on = facts.reviewed_on or today
    if facts.certificate_status != CERTIFICATE_VALID:
        state = "suspended" if facts.certificate_status == "suspended" else "not valid"
        problems.append(
            f"The certificate is {state}: only a valid certification can be transferred."
        )
    elif facts.certificate_expiry < on:
        problems.append(
            f"The certificate expired on {facts.certificate_expiry.isoformat()}, before the "
            f"review date {on.isoformat()}: only a valid certification can be transferred."
        )
    if facts.open_major_ncs:
        problems.append(
            f"{facts.open_major_ncs} major nonconformit"
            f"{'y is' if facts.open_major_ncs == 1 else 'ies are'} still open: they must be "
            "closed (corrections and corrective actions verified) before the transfer."
        )
    return problems


# --- The non-accredited flag and the sites ----------------------------------------------


def non_accredited_problems(*, non_accredited: bool, reason: str) -> dict[str, str]:
    if non_accredited and not reason.strip():
        return {
            "non_accredited_reason": (
                "Say why this certification is outside the accredited scope: the certificate "
                "will carry no accreditation mark."
            )
        }
    return {}


@dataclass(frozen=True)
class SiteFacts:
    pk: int
    name: str
    client_id: int


def sites_problem(*, client_id: int | None, sites: Sequence[SiteFacts]) -> str | None:
    """Every site of an application must be a site of its client."""
    foreign = [site.name for site in sites if site.client_id != client_id]
    if foreign:
        return f"Not a site of this client: {', '.join(foreign)}. Choose among the client's sites."
    return None


def central_function_problem(*, others: Sequence[str]) -> str | None:
    """A client has one central function (IAF MD 1)."""
    if others:
        return (
            f"{others[0]} is already the client's central function: a client has one "
            "(clear it there first)."
        )
    return None


# --- Application: editing and acceptance -------------------------------------------------

EDITABLE_STATES = (ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW)


def edit_problem(*, status: str) -> str | None:
    if status not in EDITABLE_STATES:
        return "A decided or withdrawn application cannot be changed."
    return None


def request_problem(*, edition_count: int, code_count: int) -> str | None:
    """An application names at least one standard and one IAF code."""
    if not edition_count:
        return "Choose at least one standard."
    if not code_count:
        return "Choose at least one IAF code."
    return None


@dataclass(frozen=True)
class Acceptance:
    """The acceptance rule's verdict: problems block, warnings are shown."""

    problems: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def refusal(self) -> str | None:
        if not self.problems:
            return None
        return "The application cannot be accepted: " + " ".join(
            f"({number}) {problem}" for number, problem in enumerate(self.problems, start=1)
        )


def acceptance(
    *,
    competence_problems: Iterable[str],
    scope_problems: Iterable[str],
    non_accredited: bool,
    non_accredited_reason: str,
    transfer: Sequence[str] = (),
) -> Acceptance:
    """An application is accepted when the body is competent for it (a qualified lead
    auditor per standard, the IAF codes covered) and the request is inside the accredited
    scope; an application marked non-accredited with a reason turns the scope problems into
    warnings. A transfer adds its own problems (`transfer_problems`)."""
    problems = [str(p) for p in competence_problems]
    scope = [str(p) for p in scope_problems]
    warnings: list[str] = []
    if non_accredited and non_accredited_reason.strip():
        warnings = [
            f"{p} (non-accredited certification: {non_accredited_reason.strip()})" for p in scope
        ]
    else:
        problems += scope
    problems += [str(p) for p in transfer]
    return Acceptance(problems=tuple(problems), warnings=tuple(warnings))


# --- Sites and the organization link -----------------------------------------------------


def site_removal_problem(*, application_numbers: Sequence[str], audits: int = 0) -> str | None:
    """A site named by an application or a certification audit is part of that record: it
    stays on record and is not removed."""
    where = []
    if application_numbers:
        shown = ", ".join(application_numbers[:5])
        more = f" and {len(application_numbers) - 5} more" if len(application_numbers) > 5 else ""
        word = "application" if len(application_numbers) == 1 else "applications"
        where.append(f"{word} {shown}{more}")
    if audits:
        where.append(f"{audits} certification audit{'s' if audits != 1 else ''}")
    if where:
        return (
            f"This site is named in {' and '.join(where)}: it stays on record and cannot be "
            "removed."
        )
    return None


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def link_matches(*, client_names: Iterable[str], organization_names: Iterable[str]) -> bool:
    """Whether an organization may be recorded as the client's own: one of its names (name,
    legal name) is one of the client's (legal or trading name), ignoring case and spaces.
    The certification manager must therefore already know both the organization's short name
    and its name: the link confirms nothing they did not type."""
    wanted = {_normal(name) for name in client_names if name.strip()}
    return any(_normal(name) in wanted for name in organization_names if name.strip())
