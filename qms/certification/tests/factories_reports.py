"""The world of the report tests: the programme world's client through a Stage 1 (ready,
one area of concern, a documented review of two clauses) and a Stage 2 (a team of three,
a plan over two sites, one major, two minors and an observation, 0.5 auditor-days over the
plan with the reason).

Audit work (team members, plan, checklist, findings, responses) is written straight to the
models here: the reports only read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qms.certification.models import (
    AuditPlan,
    AuditPlanSlot,
    AuditTeamMember,
    CertAudit,
    CertChecklistItem,
    CertFinding,
    CertificationProgramme,
    FindingResponse,
)
from qms.certification.permissions import CB_AUDITOR
from qms.certification.tests.factories import AuditorQualificationFactory, ClientSiteFactory
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.standards.tests.factories import ClauseFactory

from .programme_world import VALID_FROM, VALID_UNTIL, World, build_world, member


@dataclass
class ReportWorld:
    world: World
    programme: CertificationProgramme
    stage1: CertAudit
    stage2: CertAudit
    auditor: Any
    expert: Any
    second_site: Any
    major: CertFinding
    minors: list[CertFinding]


def _finding(audit: CertAudit, number: str, grade: str, status: str, **kwargs: Any) -> Any:
    return CertFinding.objects.create(
        organization=audit.organization,
        audit=audit,
        number=number,
        grade=grade,
        status=status,
        raised_by=audit.lead_auditor,
        **kwargs,
    )


def build_report_world(organization: Any) -> ReportWorld:
    world = build_world(organization)
    today = timezone.localdate()
    auditor = member(organization, CB_AUDITOR, "dana@cb.test", "Dana Reed")
    expert = member(organization, CB_AUDITOR, "tex@cb.test", "Tex Expert")
    with allow_unaudited_writes():
        qualification = AuditorQualificationFactory(
            organization=organization,
            person=auditor,
            standard=world.edition.standard,
            grade="auditor",
            valid_from=VALID_FROM,
            valid_until=VALID_UNTIL,
        )
        qualification.iaf_codes.add(world.code)
        second_site = ClientSiteFactory(
            organization=organization, client=world.client, name="Forge Lane"
        )
    programme = world.programme()
    s1_day = today - dt.timedelta(days=40)
    s2_day = today - dt.timedelta(days=20)
    stage1 = world.plan(programme, "stage1", s1_day, audit_days=Decimal("1.0"))
    stage2 = world.plan(
        programme,
        "stage2",
        s2_day,
        end_date=s2_day + dt.timedelta(days=1),
        audit_days=Decimal("3.0"),
        team=[auditor],
        sites=[world.site],
    )
    context = (
        ("4.4.1", "Quality management system and its processes"),
        ("7.5.1", "Documented information"),
        ("8.4.1", "Control of externally provided processes"),
        ("8.5.1", "Control of production and service provision"),
        ("9.2.1", "Internal audit"),
    )
    now = timezone.now()
    with allow_unaudited_writes():
        clauses = {
            number: ClauseFactory(edition=world.edition, number=number, title=title)
            for number, title in context
        }
        for audit, people in (
            (stage1, [(world.lead, "lead_auditor")]),
            (
                stage2,
                [(world.lead, "lead_auditor"), (auditor, "auditor"), (expert, "technical_expert")],
            ),
        ):
            for person, role in people:
                AuditTeamMember.objects.create(
                    organization=organization,
                    audit=audit,
                    person=person,
                    role=role,
                    declared_at=now,
                    declaration="None.",
                )
        CertChecklistItem.objects.create(
            organization=organization,
            audit=stage1,
            clause=clauses["4.4.1"],
            result="conformity",
            notes="Process map and interactions reviewed (QM-01 rev. 4).",
        )
        CertChecklistItem.objects.create(
            organization=organization,
            audit=stage1,
            clause=clauses["9.2.1"],
            result="observation",
            notes="Internal audit programme covers 2 of 9 processes so far.",
            site=world.site,
        )
        CertAudit.objects.filter(pk=stage1.pk).update(
            status="done",
            stage1_conclusion="ready",
            issues_to_fix="Internal audits must cover every process before Stage 2.",
            conclusion="Documentation is adequate; the organization is ready for Stage 2.",
            days_spent=Decimal("1.0"),
            concluded_by=world.lead,
            concluded_at=now - dt.timedelta(days=39),
        )
        plan = AuditPlan.objects.create(
            organization=organization,
            audit=stage2,
            objectives="Evaluate implementation and effectiveness of the QMS.",
            scope="Design and manufacture of pressure gauges.",
            criteria="ISO 9001:2015; the client's QMS manual QM-01.",
        )
        AuditPlanSlot.objects.create(
            organization=organization,
            plan=plan,
            day=s2_day,
            starts=dt.time(9),
            ends=dt.time(12),
            site=second_site,
            activity="Purchasing",
            auditor=auditor,
        )
        major = _finding(
            stage2,
            "F-01",
            "major",
            "accepted",
            clause=clauses["8.4.1"],
            site=world.site,
            statement="Suppliers of heat treatment are not evaluated.",
            objective_evidence="No evaluation records for 3 of 3 heat-treatment suppliers.",
            requirement="ISO 9001:2015 8.4.1",
            respond_by=s2_day + dt.timedelta(days=91),
            verify_by=s2_day + dt.timedelta(days=150),
        )
        FindingResponse.objects.create(
            organization=organization,
            finding=major,
            round=1,
            correction="Evaluated the three suppliers.",
            root_cause="Procedure did not name outsourced processes.",
            corrective_action="Procedure PR-08 revised.",
            submitted_by=world.manager,
            submitted_at=now - dt.timedelta(days=5),
            review="accepted",
            reviewed_by=world.lead,
            reviewed_at=now - dt.timedelta(days=2),
        )
        minors = [
            _finding(
                stage2,
                "F-02",
                "minor",
                "open",
                clause=clauses["7.5.1"],
                statement="Two work instructions show no revision status.",
                objective_evidence="WI-12 and WI-14 on the shop floor.",
                respond_by=s2_day + dt.timedelta(days=31),
            ),
            _finding(
                stage2,
                "F-03",
                "minor",
                "submitted",
                clause=clauses["8.5.1"],
                site=second_site,
                statement="Torque wrench used without calibration label.",
                respond_by=s2_day + dt.timedelta(days=31),
            ),
        ]
        _finding(
            stage2,
            "F-04",
            "observation",
            "no_response",
            clause=clauses["9.2.1"],
            statement="Internal audit findings could name the evidence sampled.",
        )
        CertAudit.objects.filter(pk=stage2.pk).update(
            status="done",
            conclusion="The QMS is implemented except for supplier evaluation.",
            recommendation="grant_after_ncs",
            days_spent=Decimal("3.5"),
            time_difference_reason="A second site visit for the torque wrench sample.",
            concluded_by=world.lead,
            concluded_at=now - dt.timedelta(days=18),
        )
    stage1.refresh_from_db()
    stage2.refresh_from_db()
    return ReportWorld(
        world=world,
        programme=programme,
        stage1=stage1,
        stage2=stage2,
        auditor=auditor,
        expert=expert,
        second_site=second_site,
        major=major,
        minors=minors,
    )
