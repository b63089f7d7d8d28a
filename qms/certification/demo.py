"""Demo data of the certification back office: Meridian Certification Ltd, a certification
body accredited by UKAS for ISO 9001, ISO 14001 and ISO 45001 in several IAF codes, its five
people (password `demo`), their qualifications, and its clients in every state of the
process: Acme Gauges mid-way through its first cycle and about twenty more (the data is in
demo_data.py).

Everything goes through the services as people would do it: applications are received,
reviewed and accepted or declined, audit time is calculated, programmes are created, their
audits planned, held and recorded as done, and the certification decision recorded. Past
audits are planned on their past days (the services check the rules against those days);
only the days on which past applications were reviewed are set back afterwards through
core's model_update, each correction in the audit trail with its reason.

Runs last (INSTALLED_APPS order), after the organizations and standards demos. Looks before
it writes (the organization, each person, the body, the accreditation, each scope line and
qualification, each client by name), so running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.accounts import services as accounts
from qms.accounts.models import Membership, User
from qms.core.services import model_update
from qms.core.workflow import model_transition
from qms.organizations import services as organizations
from qms.organizations.models import Organization
from qms.standards.models import IafCode, Standard, StandardEdition

from . import demo_audits as work
from . import demo_data as data
from .audit_time import services as audit_time
from .body import services as body
from .body.selectors import programme_policy
from .choices import (
    ApplicationStatus,
    ApplicationType,
    AuditKind,
    CertAuditStatus,
    ClientStatus,
    ProgrammeKind,
)
from .clients import events as client_events
from .clients import services as clients
from .models import (
    Accreditation,
    AccreditationScope,
    Application,
    AuditorQualification,
    CertAudit,
    CertificationBody,
    CertificationProgramme,
    Client,
    ClientSite,
)
from .programme import planning
from .programme import services as programmes

PASSWORD = "demo"  # noqa: S105 - the demo users' password (organizations/demo.py)
DAY = dt.timedelta(days=1)
# Audits of the certified part of a cycle, in order.
CYCLE = (AuditKind.SURVEILLANCE_1, AuditKind.SURVEILLANCE_2, AuditKind.RECERTIFICATION)
# Plan the next audit of a cycle when its window opens within this many days.
PLAN_AHEAD_DAYS = 100
# Confirm a planned audit with the client when it starts within this many days.
CONFIRM_WITHIN_DAYS = 35


@dataclass
class Context:
    """What every client's story needs: the body, its people, the reference data, today."""

    organization: Organization
    people: dict[str, User]
    editions: dict[str, StandardEdition]
    codes: dict[str, IafCode]
    today: dt.date

    @property
    def manager(self) -> User:
        return self.people[data.MANAGER]

    @property
    def reviewer(self) -> User:
        return self.people[data.REVIEWER]

    @property
    def lead(self) -> User:
        return self.people[data.LEAD]

    @property
    def auditor(self) -> User:
        return self.people[data.AUDITOR]

    def days(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)


# --- The body, its people, accreditation and qualifications ---------------------------------


def _person(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = accounts.user_create(actor=None, email=email, password=PASSWORD, full_name=full_name)
    return user


def _meridian(stdout: Any) -> tuple[Organization, dict[str, User]]:
    people = {email: _person(email, name) for email, name, _role, _more in data.PEOPLE}
    manager = people[data.MANAGER]
    organization = Organization.objects.filter(slug=data.MERIDIAN["slug"]).first()
    if organization is None:
        organization = organizations.organization_create(actor=manager, data=data.MERIDIAN)
        stdout.write(f"  created {organization.name}")
    members = set(
        Membership.objects.filter(organization=organization).values_list("user__email", flat=True)
    )
    for email, _name, role, additional in data.PEOPLE:
        if email not in members:
            accounts.membership_create(
                actor=manager,
                organization=organization,
                user=people[email],
                role=role,
                additional_roles=additional,
            )
    return organization, people


def _body(context: Context, stdout: Any) -> None:
    organization, manager = context.organization, context.manager
    if not CertificationBody.objects.filter(organization=organization).exists():
        body.certification_body_setup(actor=manager, organization=organization, data=data.BODY)
    spec = data.ACCREDITATION
    accreditation = Accreditation.objects.filter(
        organization=organization,
        accreditation_body=spec.accreditation_body,
        number=spec.number,
    ).first()
    if accreditation is None:
        accreditation = body.accreditation_create(
            actor=manager,
            organization=organization,
            data={
                "accreditation_body": spec.accreditation_body,
                "number": spec.number,
                "standard_basis": spec.standard_basis,
                "valid_from": context.days(spec.valid_from_days),
                "valid_until": context.days(spec.valid_until_days),
                "notes": spec.notes,
            },
        )
        stdout.write(
            f"  {organization.name}: certification body, accredited by "
            f"{accreditation.accreditation_body} ({accreditation.number}) until "
            f"{accreditation.valid_until:%d %b %Y}"
        )
    lines = set(
        AccreditationScope.objects.filter(accreditation=accreditation).values_list(
            "edition__urn", flat=True
        )
    )
    added = []
    for urn, codes, exclusions in data.SCOPE:
        if urn not in lines and urn in context.editions:
            added.append(f"{context.editions[urn]} (IAF {', '.join(codes)})")
            body.accreditation_scope_create(
                actor=manager,
                organization=organization,
                data={
                    "accreditation": accreditation,
                    "edition": context.editions[urn],
                    "iaf_codes": [context.codes[code] for code in codes],
                    "exclusions": exclusions,
                },
            )
    held = set(
        AuditorQualification.objects.filter(organization=organization).values_list(
            "person__email", "standard__urn"
        )
    )
    if added:
        stdout.write(f"  accredited scope: {'; '.join(added)}")
    standards = {s.urn: s for s in Standard.objects.filter(urn__startswith="urn:qms:iso:")}
    count = 0
    for qualification in data.QUALIFICATIONS:
        if (qualification.person, qualification.standard) in held:
            continue
        if qualification.standard not in standards:
            continue
        body.qualification_create(
            actor=manager,
            organization=organization,
            data={
                "person": context.people[qualification.person],
                "standard": standards[qualification.standard],
                "iaf_codes": [context.codes[code] for code in qualification.codes],
                "grade": qualification.grade,
                "valid_from": context.days(qualification.valid_from_days),
                "valid_until": context.days(qualification.valid_until_days),
                "evidence": qualification.evidence,
            },
        )
        count += 1
    if count:
        stdout.write(f"  {count} auditor qualifications (one expiring in 40 days)")


# --- Clients -------------------------------------------------------------------------------

PROSPECT_STATES = ("received", "under_review", "declined", "withdrawn", "transfer")
BACKDATED = "Demo data: the day on which this past application was reviewed."
DECISION_REASON = (
    "Certification granted by the decision-maker after the technical review of the Stage 2 "
    "report; no open major nonconformities, the minor ones' action plans accepted."
)
RECERTIFICATION_REASON = (
    "Recertification granted by the decision-maker after the review of the recertification "
    "report and the performance over the cycle."
)


def _holiday(day: dt.date) -> bool:
    """No audits between Christmas and New Year."""
    return (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 3)


def _off(day: dt.date) -> bool:
    return day.weekday() >= 5 or _holiday(day)


def _span(start: dt.date, working_days: int) -> dt.date:
    """The last of `working_days` working days from `start`, weekends skipped."""
    day = start
    for _ in range(working_days - 1):
        day += DAY
        while day.weekday() >= 5:
            day += DAY
    return day


def _workday(
    day: dt.date,
    *,
    earliest: dt.date | None = None,
    latest: dt.date | None = None,
    working_days: int = 1,
) -> dt.date:
    """The working day nearest to `day` (the earlier one first) within the bounds, from
    which `working_days` working days run without the Christmas break."""
    for distance in range(31):
        for candidate in (day - dt.timedelta(days=distance), day + dt.timedelta(days=distance)):
            if earliest is not None and candidate < earliest:
                continue
            if latest is not None and candidate > latest:
                continue
            last = _span(candidate, working_days)
            if not _off(candidate) and not _holiday(last) and last.year == candidate.year:
                return candidate
    return day


def _client(context: Context, spec: data.ClientSpec) -> tuple[Client, list[ClientSite]]:
    organization, manager = context.organization, context.manager
    client = clients.client_create(
        actor=manager,
        organization=organization,
        data={
            "legal_name": spec.legal_name,
            "trading_name": spec.trading_name,
            "address": spec.address,
            "country": spec.country,
            "website": spec.website,
            "status": (
                ClientStatus.PROSPECT if spec.state in PROSPECT_STATES else ClientStatus.ACTIVE
            ),
            "iaf_codes": [context.codes[code] for code in spec.iaf],
            "standards_requested": [context.editions[urn] for urn in spec.standards],
            "notes": spec.notes,
        },
    )
    sites = [
        clients.client_site_create(
            actor=manager,
            organization=organization,
            data={
                "client": client,
                "name": site.name,
                "address": site.address,
                "country": site.country,
                "is_central_function": site.central,
                "activities": site.activities,
                "personnel": site.personnel,
                "shifts": site.shifts,
            },
        )
        for site in spec.sites
    ]
    for index, contact in enumerate((spec.contact, *spec.extra_contacts)):
        clients.client_contact_create(
            actor=manager,
            organization=organization,
            data={
                "client": client,
                "name": contact.name,
                "position": contact.position,
                "email": contact.email,
                "phone": contact.phone,
                "is_primary": index == 0,
            },
        )
    if spec.consent:
        client = clients.client_set_consent(actor=manager, instance=client, consent=True)
    if (
        spec.linked_organization
        and Organization.objects.filter(slug=spec.linked_organization).exists()
    ):
        client = clients.client_link_organization(
            actor=manager, instance=client, slug=spec.linked_organization
        )
    return client, sites


def _application(
    context: Context,
    client: Client,
    sites: list[ClientSite],
    spec: data.ClientSpec,
    *,
    received: dt.date,
    kind: str = ApplicationType.INITIAL,
) -> Application:
    breakdown = spec.breakdown
    return clients.application_create(
        actor=context.manager,
        organization=context.organization,
        data={
            "client": client,
            "type": kind,
            "received_on": received,
            "editions": [context.editions[urn] for urn in spec.standards],
            "iaf_codes": [context.codes[code] for code in spec.iaf],
            "scope": spec.scope,
            "sites": sites,
            "full_time": breakdown.full_time,
            "shifts": breakdown.shifts,
            "part_time": breakdown.part_time,
            "part_time_hours": Decimal(breakdown.part_time_hours),
            "seasonal": breakdown.seasonal,
            "contractors": breakdown.contractors,
            "repetitive_reduction": Decimal(breakdown.reduction),
            "repetitive_reduction_justification": breakdown.reduction_why,
            "complexity": breakdown.complexity,
            "non_accredited": bool(spec.non_accredited_reason),
            "non_accredited_reason": spec.non_accredited_reason,
        },
    )


def _reviewed_on(context: Context, application: Application, day: dt.date) -> Application:
    """Set the review day of a past application back to when it happened."""
    if day >= context.today:
        return application
    updated, _changed = model_update(
        actor=context.reviewer,
        instance=application,
        data={"reviewed_on": day},
        fields=("reviewed_on",),
        event_type=client_events.APPLICATION_UPDATED,
        details={"reason": BACKDATED},
    )
    return updated


def _decide(
    context: Context,
    application: Application,
    spec: data.ClientSpec,
    *,
    reviewed: dt.date,
    accept: bool = True,
) -> Application:
    """Review the application and accept it (or decline or withdraw it, as the spec says)."""
    reviewer = context.reviewer
    if spec.state == "withdrawn":
        return clients.application_withdraw(
            actor=context.manager, instance=application, reason=spec.reason
        )
    application = clients.application_review(actor=reviewer, instance=application)
    if spec.state == "declined":
        application = clients.application_decline(
            actor=reviewer, instance=application, reason=spec.reason
        )
    elif accept:
        reason = "Competent and inside the accredited scope; contract signed."
        if application.non_accredited:
            reason = "Competent; non-accredited certification agreed with the client."
        application = clients.application_accept(
            actor=reviewer, instance=application, reason=reason
        )
    return _reviewed_on(context, application, reviewed)


def _site_count(spec: data.ClientSpec) -> int:
    """The sites of the IAF MD 1 sample (x): those besides the central function."""
    others = [site for site in spec.sites if not site.central]
    return len(others) if len(others) < len(spec.sites) else len(spec.sites)


def _audit_time(
    context: Context, application: Application, spec: data.ClientSpec
) -> dict[str, Any]:
    """The stored IAF MD 5 calculation of an accepted application; its result."""
    breakdown = spec.breakdown
    inputs: dict[str, Any] = {
        "standards": [context.editions[urn].pk for urn in spec.standards],
        "personnel": {
            "full_time": breakdown.full_time,
            "shifts": breakdown.shifts,
            "part_time_count": breakdown.part_time,
            "part_time_hours": breakdown.part_time_hours,
            "seasonal": breakdown.seasonal,
            "contractors_in_scope": breakdown.contractors,
            "repetitive_reduction": breakdown.reduction,
            "reduction_justification": breakdown.reduction_why,
        },
        "complexity": breakdown.complexity,
        "factors": [
            {"code": code, "pct": f"{pct:+d}", "justification": why}
            for code, pct, why in spec.factors
        ],
        "sites": _site_count(spec),
    }
    if len(spec.standards) > 1:
        inputs["integration_reduction_pct"] = 10
        inputs["integration_justification"] = (
            "One integrated management system: one manual, combined internal audits and "
            "management review, auditors qualified in both standards."
        )
    calculation = audit_time.audit_time_calculation_create(
        actor=context.reviewer,
        organization=context.organization,
        inputs=inputs,
        application=application,
    )
    result: dict[str, Any] = calculation.result
    return result


# --- Programmes and their audits -----------------------------------------------------------


@dataclass
class Story:
    """One client's programme being written: what its audits need."""

    context: Context
    spec: data.ClientSpec
    programme: CertificationProgramme
    sites: list[ClientSite]
    times: dict[str, Any]

    def days_of(self, kind: str) -> Decimal | None:
        figure = {
            AuditKind.STAGE1: "stage1",
            AuditKind.STAGE2: "stage2",
            AuditKind.SURVEILLANCE_1: "surveillance",
            AuditKind.SURVEILLANCE_2: "surveillance",
            AuditKind.RECERTIFICATION: "recertification",
        }.get(AuditKind(kind))
        value = self.times.get(figure or "")
        return Decimal(str(value)) if value is not None else None

    def sample(self, kind: str, turn: int) -> list[ClientSite]:
        """The sites an audit visits: all of them, or for a multi-site client the central
        function and the IAF MD 1 sample, a different turn of the depots each time."""
        central = [site for site in self.sites if site.is_central_function]
        others = [site for site in self.sites if not site.is_central_function]
        sampling = self.times.get("sites_sampled") or {}
        if not central or len(others) < 3 or not sampling.get("sampling"):
            return list(self.sites)
        size = {
            AuditKind.SURVEILLANCE_1: "surveillance",
            AuditKind.SURVEILLANCE_2: "surveillance",
            AuditKind.RECERTIFICATION: "recertification",
        }.get(AuditKind(kind), "initial")
        count = min(int(sampling.get(size) or len(others)), len(others))
        start = (turn * count) % len(others)
        chosen = [others[(start + index) % len(others)] for index in range(count)]
        return [*central, *chosen]


def _open_audit(programme: CertificationProgramme, kind: str) -> CertAudit | None:
    audit: CertAudit | None = (
        CertAudit.objects.filter(
            organization_id=programme.organization_id,
            programme=programme,
            kind=kind,
            status__in=(CertAuditStatus.PLANNED, CertAuditStatus.CONFIRMED),
        )
        .order_by("-id")
        .first()
    )
    return audit


def _plan(
    story: Story,
    kind: str,
    day: dt.date,
    *,
    earliest: dt.date | None = None,
    latest: dt.date | None = None,
    turn: int = 0,
) -> CertAudit:
    """Plan the programme's open audit of `kind` on the working day nearest `day` within the
    bounds, for as many working days as its auditor-days need, with the lead auditor and,
    where the spec says, the auditor."""
    context = story.context
    audit = _open_audit(story.programme, kind)
    if audit is None:
        raise RuntimeError(f"{story.programme} has no open {kind} audit to plan.")
    # The auditor's ISO 9001 qualification started about two years ago.
    team = [context.auditor] if story.spec.team and day > context.days(-700) else []
    days = story.days_of(kind)
    working_days = max(1, math.ceil(days / (1 + len(team)))) if days else 1
    start = _workday(day, earliest=earliest, latest=latest, working_days=working_days)
    return programmes.cert_audit_plan(
        actor=context.manager,
        audit=audit,
        start_date=start,
        end_date=_span(start, working_days),
        audit_days=days,
        lead_auditor=context.lead,
        team=team,
        sites=story.sample(kind, turn),
    )


def _hold(story: Story, kind: str, day: dt.date, **bounds: Any) -> CertAudit:
    """A past audit: planned on its days, then recorded as done."""
    audit = _plan(story, kind, day, **bounds)
    return programmes.cert_audit_complete(actor=story.context.manager, audit=audit)


def _plan_ahead(story: Story, kind: str, day: dt.date, **bounds: Any) -> CertAudit:
    """A coming audit: planned, and confirmed with the client when it is close."""
    audit = _plan(story, kind, day, **bounds)
    if audit.start_date and audit.start_date <= story.context.days(CONFIRM_WITHIN_DAYS):
        audit = programmes.cert_audit_confirm(actor=story.context.manager, audit=audit)
    return audit


def _initial_audits(story: Story, decision: dt.date | None, *, issue: bool = True) -> None:
    """Stage 1 and Stage 2 of an initial cycle, as far as the spec's state goes, then the
    decision and the cycle's audits whose windows have come."""
    context, spec = story.context, story.spec
    coming, soon = context.days(spec.days), context.days(1)
    if spec.state == "stage1":
        _plan_ahead(story, AuditKind.STAGE1, coming, earliest=soon)
        return
    if spec.state == "stage2":
        stage1 = _hold(story, AuditKind.STAGE1, context.days(-35), latest=context.days(-30))
        work.conclude_stage1(context, stage1)
        _plan_ahead(story, AuditKind.STAGE2, coming, earliest=soon)
        return
    if decision is None:
        return
    work.conclude_stage1(context, _hold(story, AuditKind.STAGE1, decision - 75 * DAY))
    # Stage 2 (for Acme: its plan sent, findings raised, answered in the portal, closed).
    stage2 = _plan(story, AuditKind.STAGE2, decision - 35 * DAY)
    if spec.portal_story:
        work.acme_plan(context, stage2, story.sites)
    stage2 = programmes.cert_audit_complete(actor=context.manager, audit=stage2)
    found = work.acme_findings(context, stage2, story.sites) if spec.portal_story else []
    work.conclude(context, stage2, major=bool(found))
    if found:
        client = story.programme.client
        work.acme_close_findings(context, client, found, verified_on=decision - 5 * DAY)
    if issue:
        story.programme, _issued = work.decide(
            context, story.programme, day=decision, reasons=DECISION_REASON
        )
        return
    # A cycle whose certificate would have expired by now is decided without one (its
    # certificate would be issued today with a past expiry date, which the register refuses).
    story.programme = programmes.programme_set_decision(
        actor=context.manager,
        programme=story.programme,
        decision_date=decision,
        reason=DECISION_REASON,
    )


def _cycle(story: Story, *, kinds: tuple[str, ...] = CYCLE) -> None:
    """The surveillance and recertification audits of a certified cycle: those whose due
    window has passed are held (unless the spec leaves the last of them overdue), the next
    one is planned when its window opens soon; the rest stay due."""
    context, spec = story.context, story.spec
    audits = [(kind, _open_audit(story.programme, kind)) for kind in kinds]
    dated = [(kind, audit) for kind, audit in audits if audit is not None and audit.due_by]
    passed = [kind for kind, audit in dated if audit.due_by and audit.due_by < context.today]
    for turn, (kind, audit) in enumerate(dated, start=1):
        start, end = audit.due_from or audit.due_by, audit.due_by
        if start is None or end is None:
            continue
        if kind in passed:
            if spec.overdue and kind == passed[-1]:
                return  # not held: overdue in the calendar
            day = min(max(end - dt.timedelta(days=30), start), context.days(-21))
            _hold(story, kind, day, earliest=start, latest=end, turn=turn)
            continue
        if start > context.days(PLAN_AHEAD_DAYS):
            return
        day = min(max(start, context.days(spec.next_in)), end)
        earliest = max(start, context.days(1))
        _plan_ahead(story, kind, day, earliest=earliest, latest=end, turn=turn)
        return


def _story(context: Context, spec: data.ClientSpec) -> Client:
    """One client, as far as its story goes (demo_data.ClientSpec.state)."""
    client, sites = _client(context, spec)
    if spec.state == "recertified":
        _recertified(context, spec, client, sites)
        return client
    decision = context.days(-spec.days) if spec.state == "certified" else None
    if spec.state in PROSPECT_STATES:
        received = context.days(-spec.days)
    elif spec.state == "stage1":
        received = context.days(-45)
    elif spec.state == "stage2":
        received = context.days(-90)
    else:
        received = context.days(-spec.days - 150)
    kind = ApplicationType.TRANSFER if spec.state == "transfer" else ApplicationType.INITIAL
    application = _application(context, client, sites, spec, received=received, kind=kind)
    if spec.state == "received":
        return client
    reviewed = min(received + dt.timedelta(days=10), context.today)
    accept = spec.state not in ("under_review", "transfer")
    application = _decide(context, application, spec, reviewed=reviewed, accept=accept)
    if spec.transfer is not None:
        transfer = spec.transfer
        clients.transfer_review_save(
            actor=context.reviewer,
            application=application,
            data={
                "issuing_body": transfer.issuing_body,
                "issuing_accreditation_body": transfer.accreditation_body,
                "certificate_number": transfer.certificate_number,
                "certificate_expiry": context.days(transfer.expiry_days),
                "reason": transfer.reason,
                "checklist": transfer.checklist,
                "open_major_ncs": transfer.open_major_ncs,
                "site_visit_needed": transfer.site_visit_needed,
            },
        )
    if application.status != ApplicationStatus.ACCEPTED:
        return client
    times = _audit_time(context, application, spec)
    programme = programmes.programme_create(
        actor=context.manager,
        client=client,
        kind=ProgrammeKind.INITIAL,
        editions=[context.editions[urn] for urn in spec.standards],
        iaf_codes=[context.codes[code] for code in spec.iaf],
        application=application,
    )
    story = Story(context=context, spec=spec, programme=programme, sites=sites, times=times)
    _initial_audits(story, decision)
    if decision is not None:
        _cycle(story)
        work.change_state(context, client, spec, programme=story.programme)
    return client


def _recertified(
    context: Context, spec: data.ClientSpec, client: Client, sites: list[ClientSite]
) -> None:
    """A client in its second cycle: the first one held through its surveillance audits,
    then a recertification application, its recertification audit before the old expiry and
    the new decision (`spec.days` days ago, 30 days before the old expiry)."""
    decision = context.days(-spec.days)
    previous_expiry = decision + dt.timedelta(days=30)
    first_decision = planning.issuing_cycle_decision(
        previous_expiry, programme_policy(context.organization)
    )
    first = dataclass_replace(spec, state="certified")
    received = first_decision - dt.timedelta(days=150)
    application = _application(context, client, sites, first, received=received)
    application = _decide(context, application, first, reviewed=received + dt.timedelta(days=10))
    times = _audit_time(context, application, spec)
    programme = programmes.programme_create(
        actor=context.manager,
        client=client,
        kind=ProgrammeKind.INITIAL,
        editions=[context.editions[urn] for urn in spec.standards],
        iaf_codes=[context.codes[code] for code in spec.iaf],
        application=application,
    )
    story = Story(context=context, spec=first, programme=programme, sites=sites, times=times)
    _initial_audits(story, first_decision, issue=False)
    _cycle(story, kinds=CYCLE[:2])
    # The recertification cycle: its own application and opening audit.
    received = previous_expiry - dt.timedelta(days=240)
    renewal = _application(
        context, client, sites, first, received=received, kind=ApplicationType.RECERTIFICATION
    )
    renewal = _decide(context, renewal, first, reviewed=received + dt.timedelta(days=10))
    second = programmes.programme_create(
        actor=context.manager,
        client=client,
        kind=ProgrammeKind.RECERTIFICATION,
        editions=[context.editions[urn] for urn in spec.standards],
        iaf_codes=[context.codes[code] for code in spec.iaf],
        application=renewal,
        previous_expiry=previous_expiry,
    )
    renewed = Story(context=context, spec=first, programme=second, sites=sites, times=times)
    opening = _open_audit(second, AuditKind.RECERTIFICATION)
    if opening is None or opening.due_by is None:
        raise RuntimeError(f"{second} has no recertification audit to hold.")
    held = _hold(
        renewed,
        AuditKind.RECERTIFICATION,
        opening.due_by - dt.timedelta(days=10),
        earliest=opening.due_from,
        latest=opening.due_by,
    )
    work.conclude(context, held)
    renewed.programme, _renewed = work.decide(
        context, second, day=decision, kind="recertification", reasons=RECERTIFICATION_REASON
    )
    # The first cycle's own recertification audit was held as the second cycle's opening.
    superseded = _open_audit(programme, AuditKind.RECERTIFICATION)
    if superseded is not None:
        programmes.cert_audit_cancel(
            actor=context.manager,
            audit=superseded,
            reason=f"Held as the opening audit of the recertification cycle {second.number}.",
        )
    model_transition(
        actor=context.manager,
        instance=story.programme,
        transition="close",
        reason=f"Cycle ended: recertified under {second.number}.",
    )
    _cycle(renewed)


# --- Load ------------------------------------------------------------------------------------


@transaction.atomic
def load(*, stdout: Any) -> None:
    editions = {
        edition.urn: edition
        for edition in StandardEdition.objects.filter(
            urn__in=[data.ISO_9001, data.ISO_14001, data.ISO_45001]
        ).select_related("standard")
    }
    codes = {code.code: code for code in IafCode.objects.all()}
    if data.ISO_9001 not in editions or not codes:
        return  # the standards library (with the IAF codes) is not loaded
    organization, people = _meridian(stdout)
    context = Context(
        organization=organization,
        people=people,
        editions=editions,
        codes=codes,
        today=timezone.localdate(),
    )
    _body(context, stdout)
    known = set(
        Client.objects.filter(organization=organization).values_list("legal_name", flat=True)
    )
    added = [
        _story(context, spec)
        for spec in (data.ACME, *data.OTHERS)
        if spec.legal_name not in known and set(spec.standards) <= set(editions)
    ]
    if added:
        stdout.write(
            f"  {organization.name}: {len(added)} clients, from prospects to recertification "
            f"(Acme Gauges Ltd mid-way through its first cycle); sign in as {data.MANAGER}, "
            f"{data.LEAD}, {data.AUDITOR}, {data.REVIEWER} or {data.DECISION} "
            f"(password {PASSWORD!r})"
        )
