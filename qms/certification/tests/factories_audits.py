"""The world of the audit-work tests (issue 18, team/plan/execution): the programme
world (a body accredited for ISO 9001 in IAF code 17, a manager, a qualified lead auditor,
an unqualified auditor, a client with a site) plus a qualified auditor, an auditor in
training, a technical expert, a decision-maker, a client contact, a few ISO 9001 clauses,
and an initial programme whose Stage 1 and Stage 2 are planned in the past with the lead
auditor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qms.certification.models import CertAudit, CertificationProgramme
from qms.certification.permissions import CB_AUDITOR, DECISION_MAKER
from qms.certification.tests.factories import AuditorQualificationFactory, ClientContactFactory
from qms.certification.tests.programme_world import (
    VALID_FROM,
    VALID_UNTIL,
    World,
    build_world,
    member,
)
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.standards.tests.factories import ClauseFactory


@dataclass
class AuditWorld:
    base: World
    auditor: Any
    trainee: Any
    expert: Any
    decider: Any
    contact: Any
    clauses: dict[str, Any]
    programme: CertificationProgramme
    stage1: CertAudit
    stage2: CertAudit

    def __getattr__(self, name: str) -> Any:  # the programme world's people and records
        return getattr(self.base, name)


def qualify(world: World, person: Any, grade: str, **dates: Any) -> Any:
    with allow_unaudited_writes():
        qualification = AuditorQualificationFactory(
            organization=world.organization,
            person=person,
            standard=world.edition.standard,
            grade=grade,
            valid_from=dates.get("valid_from", VALID_FROM),
            valid_until=dates.get("valid_until", VALID_UNTIL),
        )
        qualification.iaf_codes.set(dates.get("codes", [world.code]))
    return qualification


def clauses_of(edition: Any) -> dict[str, Any]:
    """4 (4.1, 4.2) and 7 (7.5 with 7.5.1) of the edition, as a clause tree."""
    with allow_unaudited_writes():
        four = ClauseFactory(edition=edition, number="4", title="Context of the organization")
        seven = ClauseFactory(edition=edition, number="7", title="Support")
        found = {
            "4": four,
            "4.1": ClauseFactory(
                edition=edition, number="4.1", title="Context", parent=four, depth=1
            ),
            "4.2": ClauseFactory(
                edition=edition, number="4.2", title="Parties", parent=four, depth=1
            ),
            "7": seven,
        }
        found["7.5"] = ClauseFactory(
            edition=edition, number="7.5", title="Documented information", parent=seven, depth=1
        )
        found["7.5.1"] = ClauseFactory(
            edition=edition, number="7.5.1", title="General", parent=found["7.5"], depth=2
        )
    return found


def build_audit_world(organization: Any) -> AuditWorld:
    world = build_world(organization)
    auditor = member(organization, CB_AUDITOR, "auditor@cb.test", "Dana Reed")
    qualify(world, auditor, "auditor")
    trainee = member(organization, CB_AUDITOR, "trainee@cb.test", "Tom Trainee")
    qualify(world, trainee, "in_training", codes=[])
    expert = member(organization, CB_AUDITOR, "expert@cb.test", "Ed Expert")
    decider = member(organization, DECISION_MAKER, "decision@cb.test", "Dee Decider")
    with allow_unaudited_writes():
        contact = ClientContactFactory(
            organization=organization,
            client=world.client,
            email="quality@client.test",
            is_primary=True,
        )
    clauses = clauses_of(world.edition)
    today = timezone.localdate()
    programme = world.programme()
    stage1 = world.plan(programme, "stage1", today - dt.timedelta(days=40))
    stage2 = world.plan(
        programme,
        "stage2",
        today - dt.timedelta(days=20),
        end_date=today - dt.timedelta(days=18),
        audit_days=2,
        sites=[world.site],
    )
    return AuditWorld(
        base=world,
        auditor=auditor,
        trainee=trainee,
        expert=expert,
        decider=decider,
        contact=contact,
        clauses=clauses,
        programme=programme,
        stage1=stage1,
        stage2=stage2,
    )


def decision_factory() -> Any:
    """A minimal certification decision factory (the decision area may bring its own)."""
    import factory

    from qms.certification.models import CertificationDecision
    from qms.core.testing.factories import ModelFactory

    class _DecisionFactory(ModelFactory):
        class Meta:
            model = CertificationDecision

        number = factory.Sequence(lambda n: f"CD-2026-{n + 1:04d}")
        kind = "initial"

    return _DecisionFactory


# --- Factories of the audit-work models (for the tenancy and permission walkers: the lead
# imports them into tests/factories.py, which the walkers scan) ---------------------------

import datetime as _dt  # noqa: E402

import factory  # noqa: E402

from qms.accounts.tests.factories import UserFactory  # noqa: E402
from qms.certification.models import (  # noqa: E402
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertChecklistItem,
    CertFinding,
)
from qms.certification.tests.factories import CertAuditFactory  # noqa: E402
from qms.core.testing.factories import ModelFactory  # noqa: E402
from qms.organizations.tests.factories import OrganizationFactory  # noqa: E402

_SAME = factory.SelfAttribute("..organization")


class AuditTeamMemberFactory(ModelFactory):
    class Meta:
        model = AuditTeamMember

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(CertAuditFactory, organization=_SAME)
    person = factory.SubFactory(UserFactory)
    role = "auditor"


class AuditPlanFactory(ModelFactory):
    class Meta:
        model = AuditPlan

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(CertAuditFactory, organization=_SAME)
    objectives = "Evaluate the management system."


class AuditPlanSlotFactory(ModelFactory):
    class Meta:
        model = AuditPlanSlot

    organization = factory.SubFactory(OrganizationFactory)
    plan = factory.SubFactory(AuditPlanFactory, organization=_SAME)
    day = _dt.date(2026, 5, 4)
    starts = _dt.time(9)
    ends = _dt.time(10)
    activity = "Opening meeting"


class AuditPlanIssueFactory(ModelFactory):
    class Meta:
        model = AuditPlanIssue

    organization = factory.SubFactory(OrganizationFactory)
    plan = factory.SubFactory(AuditPlanFactory, organization=_SAME)
    version = factory.Sequence(lambda n: n + 1)
    sent_at = factory.LazyFunction(timezone.now)
    sent_by = factory.SubFactory(UserFactory)
    snapshot = factory.LazyFunction(dict)


class CertChecklistItemFactory(ModelFactory):
    class Meta:
        model = CertChecklistItem

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(CertAuditFactory, organization=_SAME)
    clause = factory.SubFactory(ClauseFactory)


class CertFindingFactory(ModelFactory):
    class Meta:
        model = CertFinding

    organization = factory.SubFactory(OrganizationFactory)
    audit = factory.SubFactory(CertAuditFactory, organization=_SAME)
    number = factory.Sequence(lambda n: f"F-{n + 1:02d}")
    grade = "minor"
    statement = "Records of the last review are missing."
    raised_by = factory.SubFactory(UserFactory)
