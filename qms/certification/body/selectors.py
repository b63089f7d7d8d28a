"""Reads of the certification body: its profile and policies, its accredited scope and the
qualifications of its people. The rules themselves are pure functions in rules.py; these
functions read the rows (a fixed number of queries, whatever the number of rows) and hand the
facts over.

Public contract (other areas build on it; every argument keyword-only except the first of
`certification_body_of`):

- `certification_body_of(organization) -> CertificationBody | None`
- `programme_policy(organization) -> ProgrammePolicy` (qms.certification.programme.rules)
- `audit_time_policy(organization) -> Policy` (qms.certification.audit_time.calculator)
- `scope_problems(*, organization, editions, iaf_codes, on_date) -> list[str]`
- `qualified_auditors(*, organization, standards, iaf_codes, on_date, lead=False)
  -> QuerySet[User]`
- `qualification_problems(*, organization, person, standards, iaf_codes, on_date, lead=False)
  -> list[str]`
- `competence_check(*, organization, editions, iaf_codes, on_date) -> dict` (JSON-ready)

`editions`, `standards` and `iaf_codes` take model instances or their primary keys (a
queryset works too).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet

from qms.accounts.models import Membership, User
from qms.accounts.selectors import holding_roles
from qms.standards.models import IafCode, Standard, StandardEdition

from ..choices import AuditorGrade
from ..models import Accreditation, AccreditationScope, AuditorQualification, CertificationBody
from ..permissions import CB_ROLES
from . import rules

if TYPE_CHECKING:
    from qms.certification.audit_time.calculator import Policy
    from qms.certification.programme.rules import ProgrammePolicy


def certification_body_of(organization: Any) -> CertificationBody | None:
    """The organization's certification body (its profile and policies), or None when the
    organization is not a certification body."""
    if organization is None:
        return None
    body: CertificationBody | None = CertificationBody.objects.filter(
        organization=organization
    ).first()
    return body


def programme_policy(organization: Any) -> ProgrammePolicy:
    """The body's programme settings as the programme rules read them; the defaults (the
    usual values) when the organization has no body."""
    from qms.certification.programme.rules import ProgrammePolicy

    body = certification_body_of(organization)
    if body is None:
        return ProgrammePolicy()
    return policy_from_values({name: getattr(body, name) for name in PROGRAMME_POLICY_FIELDS})


# The body's fields the programme rules read (same names in ProgrammePolicy).
PROGRAMME_POLICY_FIELDS = (
    "expiry_days_less",
    "surveillance_tolerance_months",
    "recertification_lead_months",
    "max_suspension_months",
    "restoration_months",
    "major_verification_months",
)


def policy_from_values(values: Mapping[str, Any]) -> ProgrammePolicy:
    """A ProgrammePolicy from the body's programme fields in `values` (others default);
    raises its PolicyError (naming the field) when a value is outside what ISO/IEC 17021-1
    allows. The services validate a body's settings with it before saving."""
    from qms.certification.programme.rules import ProgrammePolicy

    return ProgrammePolicy(
        **{name: int(values[name]) for name in PROGRAMME_POLICY_FIELDS if name in values}
    )


def audit_time_policy(organization: Any) -> Policy:
    """The body's audit-time settings as the calculator reads them (Stage 1 share, bands,
    minimum days, QMS complexity adjustments); the defaults when the organization has no
    body."""
    from qms.certification.audit_time.calculator import Policy

    body = certification_body_of(organization)
    if body is None:
        return Policy()
    return Policy(
        stage1_percent=body.stage1_percent,
        interpolation=body.audit_time_interpolation,
        minimum_audit_days=body.minimum_audit_days,
        qms_complexity_adjustments=dict(body.qms_complexity_adjustments or {}),
    )


def _ids(items: Iterable[Any]) -> list[int]:
    return [item if isinstance(item, int) else item.pk for item in items]


def _editions(items: Iterable[StandardEdition | int]) -> list[StandardEdition]:
    wanted = _ids(items)
    found = {
        e.pk: e for e in StandardEdition.objects.filter(pk__in=wanted).select_related("standard")
    }
    return [found[pk] for pk in dict.fromkeys(wanted) if pk in found]


def _standards(items: Iterable[Standard | int]) -> list[Standard]:
    wanted = _ids(items)
    found = {s.pk: s for s in Standard.objects.filter(pk__in=wanted)}
    return [found[pk] for pk in dict.fromkeys(wanted) if pk in found]


def _codes(items: Iterable[IafCode | int]) -> list[rules.Code]:
    wanted = _ids(items)
    rows = IafCode.objects.filter(pk__in=wanted).order_by("position", "code")
    return [rules.Code(code=row.code, title=row.title) for row in rows]


def _accreditation_facts(accreditation: Accreditation) -> rules.AccreditationFacts:
    return rules.AccreditationFacts(
        label=str(accreditation),
        status=accreditation.status,
        valid_from=accreditation.valid_from,
        valid_until=accreditation.valid_until,
    )


def scope_facts(
    *, organization: Any
) -> tuple[list[rules.AccreditationFacts], list[rules.ScopeLineFacts]]:
    """Every accreditation of the body and every scope line, as facts for the rules
    (three queries)."""
    accreditations = list(Accreditation.objects.filter(organization=organization))
    by_id = {a.pk: _accreditation_facts(a) for a in accreditations}
    lines = AccreditationScope.objects.filter(organization=organization).prefetch_related(
        "iaf_codes"
    )
    facts = [
        rules.ScopeLineFacts(
            accreditation=by_id[line.accreditation_id],
            edition_id=line.edition_id,
            codes=frozenset(code.code for code in line.iaf_codes.all()),
            valid_from=line.valid_from,
            valid_until=line.valid_until,
        )
        for line in lines
        if line.accreditation_id in by_id
    ]
    return list(by_id.values()), facts


def scope_problems(
    *,
    organization: Any,
    editions: Iterable[StandardEdition | int],
    iaf_codes: Iterable[IafCode | int],
    on_date: dt.date,
) -> list[str]:
    """One readable message for each requested (edition, IAF code) that is not covered on
    `on_date` by an active accreditation whose dates and whose scope line's dates cover that
    day, e.g. "ISO 9001:2015 in IAF code 28 (Construction) is outside the accredited scope of
    UKAS 1234 on 2026-05-01."; an empty list when the request is inside the scope."""
    chosen = _editions(editions)
    codes = _codes(iaf_codes)
    accreditations, lines = scope_facts(organization=organization)
    requests = [(edition.pk, str(edition), code) for edition in chosen for code in codes]
    return rules.scope_problems(
        requests=requests, lines=lines, accreditations=accreditations, on_date=on_date
    )


def cb_member_condition() -> Q:
    """Memberships holding a certification-body role, as the primary role or an additional
    one."""
    return holding_roles(CB_ROLES)


def cb_member_ids(*, organization: Any) -> set[int]:
    """The ids of the users who hold a certification-body role in the organization."""
    memberships = Membership.objects.filter(organization=organization).filter(cb_member_condition())
    return set(memberships.values_list("user_id", flat=True))


def _qualification_facts(qualification: AuditorQualification) -> rules.QualificationFacts:
    return rules.QualificationFacts(
        standard_id=qualification.standard_id,
        grade=qualification.grade,
        valid_from=qualification.valid_from,
        valid_until=qualification.valid_until,
        codes=frozenset(code.code for code in qualification.iaf_codes.all()),
    )


def _qualifications(
    *, organization: Any, standard_ids: list[int], person_ids: Iterable[int] | None = None
) -> list[AuditorQualification]:
    queryset = AuditorQualification.objects.filter(
        organization=organization, standard_id__in=standard_ids
    )
    if person_ids is not None:
        queryset = queryset.filter(person_id__in=list(person_ids))
    return list(queryset.select_related("person", "standard").prefetch_related("iaf_codes"))


def qualified_auditors(
    *,
    organization: Any,
    standards: Iterable[Standard | int],
    iaf_codes: Iterable[IafCode | int],
    on_date: dt.date,
    lead: bool = False,
) -> QuerySet[User]:
    """The members of the organization holding a certification-body role who may audit
    (with `lead`, lead an audit of) every standard in `standards` in every code of
    `iaf_codes` on `on_date`.

    The rule (rules.py, after ISO/IEC 17021-3): generic knowledge is held by each auditor,
    so the person needs a qualification for each standard, valid on the day; sector
    knowledge is recorded per standard qualification, so each of those qualifications must
    list every requested IAF code (a team covering codes collectively is
    `competence_check`'s question). `lead` requires the grade lead auditor for each standard;
    without it any grade counts, an auditor in training included (who may join a team but
    not lead it). Ordered by name.
    """
    standard_ids = list(dict.fromkeys(_ids(standards)))
    code_values = [code.code for code in _codes(iaf_codes)]
    members = cb_member_ids(organization=organization)
    held: dict[int, list[rules.QualificationFacts]] = defaultdict(list)
    if standard_ids and members:
        for qualification in _qualifications(
            organization=organization, standard_ids=standard_ids, person_ids=members
        ):
            held[qualification.person_id].append(_qualification_facts(qualification))
    ids = [
        person_id
        for person_id, facts in held.items()
        if rules.is_qualified(
            qualifications=facts,
            standard_ids=standard_ids,
            codes=code_values,
            on_date=on_date,
            lead=lead,
        )
    ]
    return User.objects.filter(pk__in=ids).order_by("full_name", "email", "id")


def qualification_problems(
    *,
    organization: Any,
    person: User,
    standards: Iterable[Standard | int],
    iaf_codes: Iterable[IafCode | int],
    on_date: dt.date,
    lead: bool = False,
) -> list[str]:
    """Why `person` may not audit (with `lead`, lead an audit of) `standards` in `iaf_codes`
    on `on_date`, one readable message each, e.g. "Dana Reed is not qualified for ISO 14001
    in IAF code 17 (Basic metals and fabricated metal products) on 2026-05-01 (qualification
    expired 2026-03-31)."; an empty list when they may. Same rule as `qualified_auditors`."""
    chosen = _standards(standards)
    codes = _codes(iaf_codes)
    name = str(person)
    if person.pk not in cb_member_ids(organization=organization):
        return [
            f"{name} is not a member of this certification body with a certification role "
            "(certification manager, auditor, technical reviewer or decision-maker)."
        ]
    facts = [
        _qualification_facts(q)
        for q in _qualifications(
            organization=organization, standard_ids=[s.pk for s in chosen], person_ids=[person.pk]
        )
    ]
    return rules.qualification_problems(
        person=name,
        qualifications=facts,
        standards=[(s.pk, s.code) for s in chosen],
        codes=codes,
        on_date=on_date,
        lead=lead,
    )


def _person(user: User) -> dict[str, Any]:
    return {"id": user.pk, "name": str(user)}


def competence_check(
    *,
    organization: Any,
    editions: Iterable[StandardEdition | int],
    iaf_codes: Iterable[IafCode | int],
    on_date: dt.date,
) -> dict[str, Any]:
    """Can the body take on this request? A JSON-ready record (the application review stores
    it):

    - `on_date`, `iaf_codes` (`[{"code", "title"}]`);
    - `standards`: per edition requested, `edition`, `standard`, `lead_auditors` and
      `auditors` (`[{"id", "name"}]`, each qualified for the standard in every requested
      code on the day), `in_training`, `uncovered_codes` (codes no qualified auditor of the
      standard holds), `covered` and `messages`;
    - `scope_problems` (see `scope_problems`);
    - `can_cover`: every standard covered and no scope problem; `messages`: all messages.
    """
    chosen = _editions(editions)
    code_ids = _ids(iaf_codes)
    codes = _codes(code_ids)
    code_values = [code.code for code in codes]
    members = cb_member_ids(organization=organization)
    standard_ids = list(dict.fromkeys(edition.standard_id for edition in chosen))
    by_standard: dict[int, list[AuditorQualification]] = defaultdict(list)
    if standard_ids and members:
        for qualification in _qualifications(
            organization=organization, standard_ids=standard_ids, person_ids=members
        ):
            by_standard[qualification.standard_id].append(qualification)
    entries: list[dict[str, Any]] = []
    messages: list[str] = []
    for edition in chosen:
        held = by_standard.get(edition.standard_id, [])
        facts = [(q, _qualification_facts(q)) for q in held]
        valid = [(q, f) for q, f in facts if rules.qualification_valid(f, on_date)]
        full = [(q, f) for q, f in valid if set(code_values) <= f.codes]
        cover = rules.team_cover(
            label=str(edition), qualifications=[f for _, f in facts], codes=codes, on_date=on_date
        )
        entries.append(
            {
                "edition_id": edition.pk,
                "edition": str(edition),
                "standard_id": edition.standard_id,
                "standard": edition.standard.code,
                "lead_auditors": [
                    _person(q.person) for q, f in full if f.grade == AuditorGrade.LEAD_AUDITOR
                ],
                "auditors": [_person(q.person) for q, f in full if f.grade == AuditorGrade.AUDITOR],
                "in_training": [
                    _person(q.person) for q, f in valid if f.grade == AuditorGrade.IN_TRAINING
                ],
                "uncovered_codes": [code.code for code in cover.uncovered_codes],
                "covered": cover.covered,
                "messages": list(cover.messages),
            }
        )
        messages.extend(cover.messages)
    scope = scope_problems(
        organization=organization, editions=chosen, iaf_codes=code_ids, on_date=on_date
    )
    return {
        "on_date": on_date.isoformat(),
        "iaf_codes": [{"code": code.code, "title": code.title} for code in codes],
        "standards": entries,
        "scope_problems": scope,
        "can_cover": bool(entries) and not messages and not scope,
        "messages": [*messages, *scope],
    }


# --- Pages and reminders ---------------------------------------------------------------------

# Days ahead a qualification counts as "expiring" (pages, home card, reminder) and an
# accreditation reminds the certification managers. Read through settings when the lead adds
# QMS_CERTIFICATION_QUALIFICATION_REMINDER_DAYS / QMS_CERTIFICATION_ACCREDITATION_REMINDER_DAYS.
QUALIFICATION_REMINDER_DAYS = 60
ACCREDITATION_REMINDER_DAYS = 90


def qualification_reminder_days() -> int:
    return int(
        getattr(settings, "CERTIFICATION_QUALIFICATION_REMINDER_DAYS", QUALIFICATION_REMINDER_DAYS)
    )


def accreditation_reminder_days() -> int:
    return int(
        getattr(settings, "CERTIFICATION_ACCREDITATION_REMINDER_DAYS", ACCREDITATION_REMINDER_DAYS)
    )


def accreditation_list(*, user: Any, organization: Any) -> QuerySet[Accreditation]:
    queryset: QuerySet[Accreditation] = Accreditation.objects.for_user(
        user, "view", organization=organization
    )
    return queryset


def scope_lines_of(*, accreditation: Accreditation) -> list[AccreditationScope]:
    """The scope lines of one accreditation with their editions and codes (three queries)."""
    return list(
        AccreditationScope.objects.for_organization(accreditation.organization_id)
        .filter(accreditation=accreditation)
        .select_related("edition__standard")
        .prefetch_related("iaf_codes")
        .order_by("edition__standard__code", "edition__edition", "id")
    )


def scope_matrix(*, lines: list[AccreditationScope], on_date: dt.date) -> dict[str, Any]:
    """The scope lines as a matrix, IAF codes (rows, in IAF order) by scope line (columns):
    each cell says whether the line covers the code, and each column whether the line is in
    force on `on_date` (its own dates and its accreditation's)."""
    codes: dict[int, IafCode] = {}
    for line in lines:
        for code in line.iaf_codes.all():
            codes[code.pk] = code
    ordered = sorted(codes.values(), key=lambda c: (c.position, c.code))
    columns = []
    for line in lines:
        facts = rules.ScopeLineFacts(
            accreditation=_accreditation_facts(line.accreditation),
            edition_id=line.edition_id,
            codes=frozenset(),
            valid_from=line.valid_from,
            valid_until=line.valid_until,
        )
        columns.append({"line": line, "problem": rules.line_problem(facts, on_date)})
    held = [(str(line.edition), {code.pk for code in line.iaf_codes.all()}) for line in lines]
    rows = [
        {
            "code": code,
            "cells": [{"label": label, "covered": code.pk in pks} for label, pks in held],
        }
        for code in ordered
    ]
    return {"columns": columns, "rows": rows}


def validity_label(*, valid_until: dt.date, today: dt.date, within_days: int) -> str:
    """ "Expired 2026-03-31", "Expires 2026-06-30 (in 40 days)" or "Valid"."""
    if rules.expired(valid_until=valid_until, today=today):
        return f"Expired {valid_until.isoformat()}"
    if rules.expiring(valid_until=valid_until, today=today, within_days=within_days):
        days = (valid_until - today).days
        return f"Expires {valid_until.isoformat()} (in {days} day{'s' if days != 1 else ''})"
    return "Valid"


def with_validity(
    queryset: QuerySet[AuditorQualification], *, today: dt.date, within_days: int
) -> QuerySet[AuditorQualification]:
    """The qualifications annotated with `validity`, a word a list can show and export
    ("Expired", "Expiring", "Not yet valid", "Valid"): text, never a colour alone."""
    from django.db.models import Case, CharField, Value, When

    return queryset.annotate(
        validity=Case(
            When(valid_until__lt=today, then=Value("Expired")),
            When(valid_from__gt=today, then=Value("Not yet valid")),
            When(valid_until__lte=today + dt.timedelta(days=within_days), then=Value("Expiring")),
            default=Value("Valid"),
            output_field=CharField(),
        )
    )


def qualification_list(
    *, user: Any, organization: Any, today: dt.date, within_days: int
) -> QuerySet[AuditorQualification]:
    queryset: QuerySet[AuditorQualification] = AuditorQualification.objects.for_user(
        user, "view", organization=organization
    )
    return with_validity(
        queryset.select_related("person", "standard"), today=today, within_days=within_days
    )


def qualification_matrix(
    *, user: Any, organization: Any, today: dt.date, within_days: int
) -> dict[str, Any]:
    """People (rows) by standards (columns): each cell the person's qualification for the
    standard, with its grade, expiry, state and codes (three queries, whatever the size)."""
    qualifications = list(
        AuditorQualification.objects.for_user(user, "view", organization=organization)
        .select_related("person", "standard")
        .prefetch_related("iaf_codes")
    )
    standards = sorted({q.standard for q in qualifications}, key=lambda s: (s.code, s.pk))
    people = sorted(
        {q.person for q in qualifications}, key=lambda p: (p.full_name or p.email, p.pk)
    )
    cells = {(q.person_id, q.standard_id): q for q in qualifications}
    rows = []
    for person in people:
        row = []
        for standard in standards:
            held = cells.get((person.pk, standard.pk))
            if held is None:
                row.append({"standard": standard.code, "qualification": None})
                continue
            row.append(
                {
                    "standard": standard.code,
                    "qualification": held,
                    "state": (
                        "expired"
                        if rules.expired(valid_until=held.valid_until, today=today)
                        else "expiring"
                        if rules.expiring(
                            valid_until=held.valid_until, today=today, within_days=within_days
                        )
                        else "valid"
                    ),
                    "validity": validity_label(
                        valid_until=held.valid_until, today=today, within_days=within_days
                    ),
                    "codes": [code.code for code in held.iaf_codes.all()],
                }
            )
        rows.append({"person": person, "cells": row})
    return {"standards": standards, "rows": rows}


def expiring_qualifications(*, today: dt.date, within_days: int) -> list[AuditorQualification]:
    """Every organization's qualifications still valid today that end within `within_days`
    days (for the reminder rule, which runs for the whole installation)."""
    return list(
        AuditorQualification.objects.filter(
            organization__isnull=False,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("person", "standard", "organization")
        .order_by("organization_id", "valid_until", "id")
    )


def expiring_accreditations(*, today: dt.date, within_days: int) -> list[Accreditation]:
    """Every organization's active accreditations ending within `within_days` days."""
    from ..choices import AccreditationStatus

    return list(
        Accreditation.objects.filter(
            organization__isnull=False,
            status=AccreditationStatus.ACTIVE,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("organization")
        .order_by("organization_id", "valid_until", "id")
    )


def certification_managers(*, organization_ids: Iterable[int]) -> dict[int, list[User]]:
    """The certification managers of each organization (one query), by organization id."""
    from ..permissions import CERTIFICATION_MANAGER

    condition = holding_roles([CERTIFICATION_MANAGER])
    found: dict[int, list[User]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(organization_id__in=list(organization_ids))
        .filter(condition)
        .select_related("user")
        .order_by("user__email", "id")
    )
    for membership in memberships:
        found[membership.organization_id].append(membership.user)
    return found


def expiring_counts(*, organization: Any, today: dt.date, within_days: int) -> dict[str, Any]:
    """The home card's figures: qualifications expiring within `within_days` days and
    expired ones, with the next few to expire (three queries)."""
    queryset = AuditorQualification.objects.for_organization(organization)
    soon = list(
        queryset.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=within_days)
        )
        .select_related("person", "standard")
        .order_by("valid_until", "id")[:5]
    )
    return {
        "expiring": queryset.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=within_days)
        ).count(),
        "expired": queryset.filter(valid_until__lt=today).count(),
        "next": soon,
        "within_days": within_days,
    }
