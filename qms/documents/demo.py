"""Demo data of documents: Acme's controlled documents, in force, read and reviewed.

Runs after the organizations and standards demos (INSTALLED_APPS order): Acme's people
exist and ISO 9001:2015 is adopted. Everything goes through the services and workflows as
people would use them: Priya Patel (process owner) writes, Quentin Quayle (quality manager)
approves with his electronic signature (the demo password), readers acknowledge with
theirs. The texts are short and our own. Every step looks before it writes, so running the
demo again changes nothing.

What it leaves: numbering schemes; the quality manual, the quality policy, twelve
procedures, work instructions, forms, a customer specification (external) and a record
with a retention period, all effective and linked to their ISO 9001:2015 clauses; the
policy distributed to everyone and the production procedure to the employees; the
employee has read the procedure and still has to acknowledge the policy; the calibration
procedure is overdue for its periodic review (its due date moved back).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.accounts.models import User
from qms.core.permissions import Role
from qms.core.services import model_update
from qms.core.workflow import model_transition
from qms.organizations.demo import PASSWORD
from qms.organizations.models import Organization, Process

from . import events
from .choices import DocumentType, RevisionStatus
from .models import (
    Acknowledgement,
    Document,
    DocumentDistribution,
    DocumentRevision,
    NumberingScheme,
)
from .services.documents import document_create
from .services.numbering import numbering_scheme_create
from .services.reading import acknowledgement_sign, distribution_add
from .services.revisions import revision_update

ORGANIZATION = "acme"
AUTHOR = "process@acme.example"
APPROVER = "quality@acme.example"
EDITION = "urn:qms:iso:9001:2015"

SCHEMES = {
    DocumentType.MANUAL: "QM-{seq:02}",
    DocumentType.POLICY: "POL-{seq:03}",
    DocumentType.PROCEDURE: "QP-{seq:02}",
    DocumentType.WORK_INSTRUCTION: "WI-{process}-{seq:02}",
    DocumentType.FORM: "F-{seq:03}",
    DocumentType.RECORD: "REC-{year}-{seq:03}",
    DocumentType.EXTERNAL: "EXT-{seq:03}",
}


def _procedure(purpose: str, steps: list[str], records: list[str]) -> str:
    lines = ["## Purpose", "", purpose, "", "## Method", ""]
    lines += [f"{number}. {step}" for number, step in enumerate(steps, start=1)]
    lines += ["", "## Records", ""]
    lines += [f"- {record}" for record in records]
    return "\n".join(lines) + "\n"


MANUAL = """## About Acme Gauges

Acme Gauges Ltd designs, makes, calibrates and sells precision plug, ring and thread gauges
from its Sheffield works and its calibration laboratory. This manual describes how our
management system fits together; the procedures it names say how each part is done.

## Scope

Design, manufacture, calibration and sale of measuring gauges at both Sheffield sites. All
requirements of ISO 9001:2015 apply.

## How the system fits together

| Process | Owner | Main procedures |
| --- | --- | --- |
| P-01 Sales and contract review | Quality manager | QP-11 |
| P-02 Design of measuring instruments | Process owner | QP-12 |
| P-03 Machining and assembly | Process owner | QP-10, WI-03-01 |
| P-04 Calibration and final inspection | Process owner | QP-09, WI-04-01 |
| P-05 Purchasing and supplier control | Quality manager | QP-08 |

Support processes (documents, records, audits, review, improvement) are described in
QP-01 to QP-07.

## Responsibilities

Top management sets the policy and objectives and reviews the system twice a year. The
quality manager keeps the system running; each process owner runs and improves their
process.
"""

POLICY = """Acme makes gauges that people trust to tell good parts from bad ones. To keep that
trust we:

- understand what each customer needs and confirm we can deliver it before we accept an order;
- measure traceably to national standards and say how sure we are of every result;
- treat every complaint and nonconformity as a chance to find and remove its cause;
- train our people and give them the equipment and time to do the job right;
- set quality objectives every year, measure them and review them at management review;
- meet the legal and customer requirements that apply to our products and services;
- improve our management system continually.

This policy is explained to every new starter, displayed at both sites and reviewed every
year at management review.
"""

# number, title, type, owner e-mail, process code, clause numbers, body, review months,
# extra fields
DOCUMENTS: list[dict[str, Any]] = [
    {
        "number": "QM-01",
        "title": "Quality manual",
        "type": DocumentType.MANUAL,
        "owner": APPROVER,
        "clauses": ["4.1", "4.2", "4.3", "4.4", "5.1.1"],
        "body": MANUAL,
        "review": 12,
        "author": "owner@acme.example",
    },
    {
        "number": "POL-001",
        "title": "Quality policy",
        "type": DocumentType.POLICY,
        "owner": "owner@acme.example",
        "clauses": ["5.2.1", "5.2.2"],
        "body": POLICY,
        "review": 12,
        "author": "owner@acme.example",
    },
    {
        "number": "QP-01",
        "title": "Control of documented information",
        "process": None,
        "clauses": ["7.5.1", "7.5.2", "7.5.3.1", "7.5.3.2"],
        "body": _procedure(
            "How documents are written, reviewed, approved, distributed, read and kept "
            "current, and how obsolete ones are kept from use.",
            [
                "The document owner drafts a new document or revision in qms and states what "
                "changed.",
                "Named reviewers sign their review; an approver who is not the author approves "
                "with an electronic signature.",
                "On approval the revision becomes effective, the previous one is superseded "
                "and the people in the distribution are asked to read it.",
                "Owners review each document at its review interval and record the outcome.",
                "Printed copies are uncontrolled unless they carry the controlled-copy "
                "footer and are checked against qms on the day of use.",
            ],
            ["Revision history, signatures and acknowledgements in qms."],
        ),
        "review": 24,
    },
    {
        "number": "QP-02",
        "title": "Control of records",
        "clauses": ["7.5.3.1", "7.5.3.2"],
        "body": _procedure(
            "How records are identified, stored, protected, retained and disposed of.",
            [
                "Each record type has an owner and a retention period in the register.",
                "Records are kept in qms or in the named location, protected from loss and "
                "unauthorised change.",
                "At the end of the retention period the quality manager disposes of the "
                "record with a reason; the register entry stays.",
            ],
            ["Register of records with retention periods; disposal log."],
        ),
        "review": 24,
    },
    {
        "number": "QP-03",
        "title": "Internal audit",
        "clauses": ["9.2.1", "9.2.2"],
        "body": _procedure(
            "How we plan and carry out internal audits and follow up their findings.",
            [
                "The quality manager plans a yearly programme covering every process, more "
                "often where risk or past results call for it.",
                "Auditors do not audit their own work.",
                "Each audit has a plan, a checklist and a report with objective evidence.",
                "Findings are raised as nonconformities or opportunities and followed up "
                "under QP-05.",
            ],
            ["Audit programme, plans, checklists and reports."],
        ),
        "review": 24,
    },
    {
        "number": "QP-04",
        "title": "Management review",
        "clauses": ["9.3.1", "9.3.2", "9.3.3"],
        "body": _procedure(
            "How top management reviews the management system and decides what to change.",
            [
                "The review is held twice a year, chaired by the managing director.",
                "The quality manager prepares the inputs: audit results, customer feedback, "
                "objectives, process performance, nonconformities, supplier performance, "
                "risks and resources.",
                "Decisions and actions are minuted with owners and dates.",
            ],
            ["Minutes of management review with actions."],
        ),
        "review": 24,
    },
    {
        "number": "QP-05",
        "title": "Nonconformity and corrective action",
        "clauses": ["8.7.1", "8.7.2", "10.2.1", "10.2.2"],
        "body": _procedure(
            "How nonconforming outputs are controlled and how causes are removed.",
            [
                "Anyone who finds a nonconforming part labels it, moves it to quarantine and "
                "records it.",
                "The process owner decides disposition: rework, regrade, concession or scrap.",
                "Where the problem could recur, the cause is analysed and a corrective action "
                "planned.",
                "Effectiveness is checked after an agreed time before the action is closed.",
            ],
            ["Nonconformity reports, corrective actions and effectiveness checks."],
        ),
        "review": 24,
    },
    {
        "number": "QP-06",
        "title": "Risks and opportunities",
        "clauses": ["6.1.1", "6.1.2"],
        "body": _procedure(
            "How we identify and act on risks and opportunities to our intended results.",
            [
                "Each process owner lists the risks and opportunities of their process once "
                "a year and after major changes.",
                "Each is rated for likelihood and effect; those above the threshold get an action.",
                "Actions and their results are reviewed at management review.",
            ],
            ["Risk and opportunity register."],
        ),
        "review": 24,
    },
    {
        "number": "QP-07",
        "title": "Competence and training",
        "clauses": ["7.2", "7.3"],
        "body": _procedure(
            "How we make sure people are competent and aware.",
            [
                "Each job has a list of the competences it needs.",
                "New starters follow an induction that includes the quality policy.",
                "Training needs are reviewed at yearly appraisals; training is recorded and "
                "its effect checked.",
                "Reading and acknowledging controlled documents counts as training evidence.",
            ],
            ["Competence matrix, training records, acknowledgements."],
        ),
        "review": 24,
    },
    {
        "number": "QP-08",
        "title": "Purchasing and supplier evaluation",
        "process": "P-05",
        "clauses": ["8.4.1", "8.4.2", "8.4.3"],
        "body": _procedure(
            "How suppliers are approved and monitored and how purchases are specified.",
            [
                "New suppliers of product-related goods and services are evaluated before "
                "first use.",
                "Purchase orders state the specification, grade and any certificate needed.",
                "Goods are checked on receipt against the order.",
                "Supplier performance (on-time delivery, rejections) is reviewed every quarter.",
            ],
            ["Approved supplier list, evaluations, goods-in checks."],
        ),
        "review": 24,
        "owner": APPROVER,
    },
    {
        "number": "QP-09",
        "title": "Calibration of measuring equipment",
        "process": "P-04",
        "clauses": ["7.1.5.1", "7.1.5.2"],
        "body": _procedure(
            "How measuring equipment is kept fit for its purpose and traceable.",
            [
                "Every instrument is registered with a unique number and a calibration interval.",
                "Masters are calibrated by an accredited laboratory; working gauges against "
                "the masters under WI-04-01.",
                "An instrument found out of tolerance is quarantined and the products it "
                "measured since its last good calibration are assessed.",
            ],
            ["Equipment register, calibration certificates."],
        ),
        "review": 12,
    },
    {
        "number": "QP-10",
        "title": "Production control",
        "process": "P-03",
        "clauses": ["8.5.1", "8.5.2", "8.6"],
        "body": _procedure(
            "How gauges are made under controlled conditions and released.",
            [
                "Each job has a route card naming the drawing, material and operations.",
                "Operators check the first part and record it before running the batch.",
                "Parts are identified by job number until final inspection.",
                "Final inspection releases the batch; nothing ships without its release.",
            ],
            ["Route cards, first-off checks, final inspection records."],
        ),
        "review": 24,
    },
    {
        "number": "QP-11",
        "title": "Customer communication and contract review",
        "process": "P-01",
        "clauses": ["8.2.1", "8.2.2", "8.2.3.1", "9.1.2"],
        "body": _procedure(
            "How we agree requirements with customers and keep them informed.",
            [
                "Enquiries are reviewed for technical feasibility, capacity and delivery "
                "before a quotation.",
                "Orders are checked against the quotation; differences are resolved before "
                "acceptance.",
                "Customers are told of any change that affects their order.",
                "Complaints and feedback are recorded and reviewed monthly.",
            ],
            ["Contract review checklist, customer feedback log."],
        ),
        "review": 24,
        "owner": APPROVER,
    },
    {
        "number": "QP-12",
        "title": "Design and development",
        "process": "P-02",
        "clauses": ["8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6"],
        "body": _procedure(
            "How new gauge designs are planned, verified, validated and released.",
            [
                "Each design project has a plan with stages, reviews and responsibilities.",
                "Design inputs (function, standards, customer drawing) are agreed at the start.",
                "Outputs are verified against the inputs; a prototype is validated in use.",
                "Changes after release go through a reviewed design change.",
            ],
            ["Design plans, reviews, verification and validation records."],
        ),
        "review": 24,
    },
    {
        "number": "WI-04-01",
        "title": "Calibrating a plug gauge against the master",
        "type": DocumentType.WORK_INSTRUCTION,
        "process": "P-04",
        "clauses": ["7.1.5.2"],
        "body": (
            "## Before you start\n\nLet the gauge and master stand in the laboratory (20 °C) "
            "for at least two hours.\n\n## Steps\n\n1. Clean the gauge and master with lint-free "
            "cloth.\n2. Zero the comparator on the master.\n3. Measure the gauge at three "
            "positions along its length, in two directions.\n4. Record the readings on F-002 "
            "and compare with the tolerance.\n5. Label the gauge with its result and next due "
            "date.\n"
        ),
        "review": 24,
    },
    {
        "number": "WI-03-01",
        "title": "First-off check on the CNC lathe",
        "type": DocumentType.WORK_INSTRUCTION,
        "process": "P-03",
        "clauses": ["8.5.1"],
        "body": (
            "## Steps\n\n1. Machine the first part of the batch.\n2. Measure every dimension "
            "on the route card with calibrated equipment.\n3. Record the results on the route "
            "card and sign.\n4. Ask the setter to countersign before running the batch.\n5. "
            "If any dimension is out, adjust and repeat from step 1.\n"
        ),
        "review": 24,
    },
    {
        "number": "F-001",
        "title": "Nonconformity report form",
        "type": DocumentType.FORM,
        "clauses": ["10.2.2"],
        "body": (
            "| Field | Entry |\n| --- | --- |\n| Report number | |\n| Found by / date | |\n"
            "| Part / job number | |\n| Description | |\n| Disposition | |\n| Cause | |\n"
            "| Corrective action | |\n| Closed by / date | |\n"
        ),
        "review": 36,
    },
    {
        "number": "F-002",
        "title": "Gauge calibration sheet",
        "type": DocumentType.FORM,
        "process": "P-04",
        "clauses": ["7.1.5.2"],
        "body": (
            "| Field | Entry |\n| --- | --- |\n| Gauge number | |\n| Nominal size | |\n"
            "| Master used | |\n| Readings (3 positions, 2 directions) | |\n| Result | |\n"
            "| Calibrated by / date | |\n"
        ),
        "review": 36,
    },
    {
        "number": "EXT-001",
        "title": "Brightline Instruments gauge specification BIS-220",
        "type": DocumentType.EXTERNAL,
        "process": "P-01",
        "clauses": ["8.2.3.1"],
        "body": (
            "Customer specification for thread ring gauges supplied to Brightline Instruments. "
            "The controlled original is held by the customer; this entry records the version "
            "we work to and when we last checked it.\n"
        ),
        "review": 12,
        "owner": APPROVER,
        "extra": {
            "external_source": "Brightline Instruments plc",
            "external_version": "Rev. D (2025-06)",
            "external_checked_on": date(2026, 10, 1),
        },
    },
    {
        "number": "REC-2026-001",
        "title": "Final inspection records, batch 2026-Q1",
        "type": DocumentType.RECORD,
        "process": "P-04",
        "clauses": ["8.6"],
        "body": (
            "Final inspection results of every batch released in January to March 2026, "
            "exported from the inspection station and checked by the process owner.\n"
        ),
        "owner": AUTHOR,
        "extra": {"retention_months": 72},
    },
]

# The reader ("role" or e-mail) of the documents distributed.
DISTRIBUTION: dict[str, list[tuple[str, str]]] = {
    "POL-001": [
        ("role", Role.OWNER),
        ("role", Role.QUALITY_MANAGER),
        ("role", Role.PROCESS_OWNER),
        ("role", Role.INTERNAL_AUDITOR),
        ("role", Role.EMPLOYEE),
    ],
    "QP-10": [("role", Role.EMPLOYEE), ("user", "process@acme.example")],
}
# Who has already read what (the employee has read QP-10, not yet the policy).
READ = [
    ("employee@acme.example", "QP-10"),
    ("process@acme.example", "QP-10"),
    ("process@acme.example", "POL-001"),
    ("auditor@acme.example", "POL-001"),
    ("quality@acme.example", "POL-001"),
]
# Overdue for its periodic review: the demo moves its due date three weeks back (an
# audited change of the register entry), as if its review interval had run out.
OVERDUE_REVIEW = ("QP-09", 21)


def _clauses(numbers: list[str]) -> list[Any]:
    from qms.standards.models import Clause

    found = {
        clause.number: clause
        for clause in Clause.objects.filter(edition__urn=EDITION, number__in=numbers)
    }
    return [found[number] for number in numbers if number in found]


def _process(organization: Organization, code: str | None) -> Process | None:
    if not code:
        return None
    return Process.objects.for_organization(organization).filter(code=code).first()


def _document(organization: Organization, spec: dict[str, Any]) -> Document:
    existing: Document | None = (
        Document.objects.for_organization(organization).filter(number=spec["number"]).first()
    )
    if existing is not None:
        return existing
    author = User.objects.get(email=spec.get("author", AUTHOR))
    return document_create(
        actor=author,
        organization=organization,
        data={
            "number": spec["number"],
            "title": spec["title"],
            "document_type": spec.get("type", DocumentType.PROCEDURE),
            "owner": User.objects.get(email=spec.get("owner", APPROVER)),
            "process": _process(organization, spec.get("process")),
            "review_interval_months": spec.get("review"),
            "body": spec["body"],
            **spec.get("extra", {}),
        },
    )


def _link_clauses(document: Document, actor: User, numbers: list[str]) -> None:
    """The quality manager links the document to the clauses it evidences (the author may
    not change a register entry owned by someone else)."""
    from qms.standards.selectors import clauses_for_subject
    from qms.standards.services import evidence_set

    wanted = _clauses(numbers)
    linked = {clause.pk for clause in clauses_for_subject(subject=document)}
    if wanted and linked != {clause.pk for clause in wanted}:
        evidence_set(
            actor=actor, subject=document, clauses=wanted, organization=document.organization
        )


def _make_effective(document: Document, approver: User) -> None:
    revision = (
        DocumentRevision.objects.for_organization(document.organization_id)
        .filter(document=document)
        .order_by("-number")
        .first()
    )
    if revision is None or revision.status == RevisionStatus.EFFECTIVE:
        return
    author = revision.author
    if revision.status == RevisionStatus.DRAFT:
        revision = revision_update(actor=author, instance=revision, data={"approvers": [approver]})
        revision = model_transition(actor=author, instance=revision, transition="submit")
    if revision.status == RevisionStatus.IN_REVIEW:
        model_transition(actor=approver, instance=revision, transition="approve", password=PASSWORD)


def _distribute(document: Document, approver: User, lines: list[tuple[str, str]]) -> None:
    present = DocumentDistribution.objects.for_organization(document.organization_id).filter(
        document=document
    )
    for kind, target in lines:
        if kind == "role":
            if present.filter(kind=kind, role=target).exists():
                continue
            data: dict[str, Any] = {"kind": kind, "role": target}
        else:
            user = User.objects.get(email=target)
            if present.filter(kind=kind, user=user).exists():
                continue
            data = {"kind": kind, "user": user}
        distribution_add(actor=approver, document=document, data=data)


def _read(organization: Organization, email: str, document: Document) -> None:
    reader = User.objects.get(email=email)
    pending = (
        Acknowledgement.objects.for_organization(organization)
        .filter(
            user=reader,
            revision_id=document.current_revision_id,
            acknowledged_at__isnull=True,
        )
        .first()
    )
    if pending is not None:
        acknowledgement_sign(actor=reader, acknowledgement=pending, password=PASSWORD)


def _schemes(organization: Organization, actor: User) -> None:
    have = set(
        NumberingScheme.objects.for_organization(organization).values_list(
            "document_type", flat=True
        )
    )
    for document_type, pattern in SCHEMES.items():
        if document_type not in have:
            numbering_scheme_create(
                actor=actor,
                organization=organization,
                data={"document_type": document_type, "pattern": pattern},
            )


def load(*, stdout: Any) -> None:
    organization = Organization.objects.filter(slug=ORGANIZATION).first()
    if organization is None:
        return
    approver = User.objects.get(email=APPROVER)
    _schemes(organization, approver)
    before = Document.objects.for_organization(organization).count()
    documents: dict[str, Document] = {}
    for spec in DOCUMENTS:
        document = _document(organization, spec)
        _link_clauses(document, approver, spec.get("clauses", []))
        _make_effective(document, approver)
        documents[spec["number"]] = document
    for number, lines in DISTRIBUTION.items():
        _distribute(_fresh(documents[number]), approver, lines)
    for email, number in READ:
        _read(organization, email, _fresh(documents[number]))
    _overdue(_fresh(documents[OVERDUE_REVIEW[0]]), approver)
    added = Document.objects.for_organization(organization).count() - before
    if added:
        stdout.write(f"  documents: {added} added to Acme's register")


def _overdue(document: Document, actor: User) -> None:
    due = timezone.localdate() - timedelta(days=OVERDUE_REVIEW[1])
    if document.next_review_on is not None and document.next_review_on < timezone.localdate():
        return
    with transaction.atomic():
        model_update(
            actor=actor,
            instance=document,
            data={"next_review_on": due},
            fields=("next_review_on",),
            event_type=events.DOCUMENT_UPDATED,
        )


def _fresh(document: Document) -> Document:
    fresh: Document = Document.objects.for_organization(document.organization_id).get(
        pk=document.pk
    )
    return fresh
