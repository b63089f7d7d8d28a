"""The demo certification body's data: Meridian Certification Ltd, its people, accreditation,
auditor qualifications and clients (all invented). `demo.py` loads it through the services.

Dates are days relative to the day the demo is loaded, so the calendar always has audits due
and overdue. A client's `state` says how far its story goes (see `demo.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ISO_9001 = "urn:qms:iso:9001:2015"
ISO_14001 = "urn:qms:iso:14001:2015"
ISO_45001 = "urn:qms:iso:45001:2018"

MERIDIAN = {
    "slug": "meridian",
    "name": "Meridian Certification Ltd",
    "legal_name": "Meridian Certification Limited",
    "country": "GB",
    "website": "https://meridian.example",
}
BODY = {
    "name": "Meridian Certification Ltd",
    "address": "Meridian House, 3 Wharf Street\nLeeds LS2 7EQ\nUnited Kingdom",
    "website": "https://meridian.example",
    "certificate_prefix": "MCL",
}

MANAGER = "manager@meridian.example"
LEAD = "lead@meridian.example"
AUDITOR = "auditor@meridian.example"
REVIEWER = "reviewer@meridian.example"
DECISION = "decision@meridian.example"

# (e-mail, name, primary role, additional roles)
PEOPLE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (MANAGER, "Margaret Mercer", "owner", ("certification_manager",)),
    (LEAD, "Leonard Lyle", "cb_auditor", ()),
    (AUDITOR, "Anita Rao", "cb_auditor", ()),
    (REVIEWER, "Rhys Rowlands", "technical_reviewer", ()),
    (DECISION, "Diane Dunmore", "decision_maker", ("technical_reviewer",)),
)


@dataclass(frozen=True)
class AccreditationSpec:
    accreditation_body: str
    number: str
    standard_basis: str
    valid_from_days: int  # days from today
    valid_until_days: int
    notes: str


ACCREDITATION = AccreditationSpec(
    accreditation_body="UKAS",
    number="0123",
    standard_basis="ISO/IEC 17021-1:2015",
    # From about five years ago (the oldest demo audits are three and a half years old) to
    # about two years ahead.
    valid_from_days=-5 * 365 + 40,
    valid_until_days=2 * 365 - 40,
    notes="Schedule of accreditation, issue 7. Management systems certification.",
)
# The schedule of accreditation: standard edition -> IAF codes.
SCOPE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (ISO_9001, ("14", "17", "18", "19", "28", "29", "33", "35"), ""),
    (ISO_14001, ("17", "18", "28", "29"), ""),
    (ISO_45001, ("17", "28"), "Excluding work on offshore installations."),
)


@dataclass(frozen=True)
class Qualification:
    person: str
    standard: str  # the standard's URN (urn:qms:iso:9001)
    grade: str
    codes: tuple[str, ...]
    valid_from_days: int
    valid_until_days: int
    evidence: str


QUALIFICATIONS: tuple[Qualification, ...] = (
    Qualification(
        LEAD,
        "urn:qms:iso:9001",
        "lead_auditor",
        ("14", "17", "18", "19", "28", "29", "33", "35", "38"),
        -6 * 365,
        2 * 365 + 100,
        "IRCA-certified lead auditor course (2012); 40 audits as lead in the last three "
        "years; witnessed by UKAS in the last assessment. Care-sector experience (IAF 38) "
        "from eight years as quality lead of a care group.",
    ),
    Qualification(
        LEAD,
        "urn:qms:iso:14001",
        "lead_auditor",
        ("17", "18", "28", "29"),
        -4 * 365,
        2 * 365 + 100,
        "EMS lead auditor course (2016); 18 environmental audits as lead.",
    ),
    Qualification(
        LEAD,
        "urn:qms:iso:45001",
        "lead_auditor",
        ("17", "28"),
        -3 * 365,
        365 + 200,
        "OH&S lead auditor course (2019); NEBOSH general certificate; 12 audits as lead.",
    ),
    Qualification(
        AUDITOR,
        "urn:qms:iso:9001",
        "auditor",
        ("17", "18", "19", "33"),
        -2 * 365,
        2 * 365,
        "QMS auditor course (2022); eight audits in the team; chartered engineer.",
    ),
    Qualification(
        AUDITOR,
        "urn:qms:iso:14001",
        "in_training",
        ("17", "28"),
        -325,
        40,
        "EMS auditor course (last year); two audits as auditor in training. Due for "
        "re-evaluation after the next witnessed audit.",
    ),
    Qualification(
        REVIEWER,
        "urn:qms:iso:9001",
        "auditor",
        ("18", "19", "28", "33"),
        -5 * 365,
        365 + 150,
        "QMS auditor course; technical reviewer for machinery, electrical and IT scopes.",
    ),
    Qualification(
        DECISION,
        "urn:qms:iso:9001",
        "auditor",
        ("14", "17", "29", "35"),
        -7 * 365,
        2 * 365 + 30,
        "QMS auditor course; ten years on the certification committee.",
    ),
)


@dataclass(frozen=True)
class SiteSpec:
    name: str
    address: str
    personnel: int
    country: str = "GB"
    shifts: int = 1
    central: bool = False
    activities: str = ""


@dataclass(frozen=True)
class ContactSpec:
    name: str
    position: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class Breakdown:
    """The application's personnel breakdown (domain spec §4.3)."""

    full_time: int
    shifts: int = 1
    part_time: int = 0
    part_time_hours: int = 0
    seasonal: int = 0
    contractors: int = 0
    reduction: int = 0
    reduction_why: str = ""
    complexity: str = "medium"


@dataclass(frozen=True)
class TransferSpec:
    issuing_body: str
    accreditation_body: str
    certificate_number: str
    expiry_days: int
    reason: str
    checklist: dict[str, dict[str, object]]
    open_major_ncs: int = 0
    site_visit_needed: bool = False


@dataclass(frozen=True)
class ClientSpec:
    """One demo client and how far its story goes.

    `state` and `days`:
    - received / under_review: the application received `days` days ago.
    - declined / withdrawn: received `days` days ago; `reason` says why.
    - transfer: a transfer application received `days` days ago, its review checklist saved.
    - stage1: application accepted, Stage 1 planned in `days` days.
    - stage2: Stage 1 done, Stage 2 planned in `days` days.
    - certified: certification decided `days` days ago; the audits whose window has passed
      are done, the next one planned, unless `overdue` (then left unplanned past its date).
    - recertified: the second cycle decided `days` days ago, before the first one expired.
    """

    legal_name: str
    address: str
    iaf: tuple[str, ...]
    standards: tuple[str, ...]
    scope: str
    sites: tuple[SiteSpec, ...]
    contact: ContactSpec
    breakdown: Breakdown
    state: str
    days: int
    trading_name: str = ""
    country: str = "GB"
    website: str = ""
    consent: bool | None = True  # None: not asked yet; False: refused
    reason: str = ""
    non_accredited_reason: str = ""
    overdue: bool = False
    transfer: TransferSpec | None = None
    linked_organization: str = ""
    notes: str = ""
    extra_contacts: tuple[ContactSpec, ...] = field(default=())
    # Audit-time factors (code, signed percent, justification), IAF MD 5.
    factors: tuple[tuple[str, int, str], ...] = ()
    # Certified clients: the next audit of the cycle starts in about this many days (when
    # its window allows). Whether auditor@ joins the lead auditor (9001 in IAF 17-19, 33).
    next_in: int = 45
    team: bool = False
    # Issue 18: the certificate's state after its story ("" = as issued: active, or
    # superseded by a renewal); "superseded" reduces the scope to `reduced_scope`. Acme's
    # Stage 2 findings are answered in the client portal (`portal_story`).
    certificate: str = ""
    reduced_scope: str = ""
    portal_story: bool = False


ACME = ClientSpec(
    legal_name="Acme Gauges Ltd",
    address="12 Forge Lane\nSheffield S3 8AA",
    website="https://acme.example",
    iaf=("18", "19"),
    standards=(ISO_9001,),
    scope=(
        "Design, manufacture, calibration and sale of precision measuring gauges and "
        "dimensional inspection instruments."
    ),
    sites=(
        SiteSpec(
            "Sheffield works",
            "12 Forge Lane\nSheffield S3 8AA",
            64,
            shifts=2,
            central=True,
            activities="Design, machining, assembly, sales, purchasing and management.",
        ),
        SiteSpec(
            "Calibration laboratory",
            "Unit 4, Don Valley Park\nSheffield S9 3TL",
            9,
            activities="Calibration and final inspection.",
        ),
    ),
    contact=ContactSpec("Olivia Owen", "Managing director", "owner@acme.example", "0114 496 0123"),
    extra_contacts=(
        ContactSpec("Quentin Quayle", "Quality manager", "quality@acme.example", "0114 496 0124"),
    ),
    breakdown=Breakdown(
        full_time=63, shifts=2, part_time=10, part_time_hours=20, contractors=2, complexity="medium"
    ),
    state="certified",
    days=255,
    next_in=75,
    team=True,
    portal_story=True,
    linked_organization="acme",
    notes="Uses qms for its own management system (organization 'acme').",
)


def _uk(
    name: str, address: str, people: int, *, shifts: int = 1, activities: str = ""
) -> tuple[SiteSpec, ...]:
    return (SiteSpec(name, address, people, shifts=shifts, activities=activities),)


OTHERS: tuple[ClientSpec, ...] = (
    ClientSpec(
        legal_name="Harbourside Software Ltd",
        address="Floor 3, 22 Canons Way\nBristol BS1 5UH",
        website="https://harbourside-software.example",
        iaf=("33",),
        standards=(ISO_9001,),
        scope="Development, hosting and support of booking software for leisure operators.",
        sites=_uk("Bristol office", "Floor 3, 22 Canons Way\nBristol BS1 5UH", 38),
        contact=ContactSpec("Hannah Ashworth", "Operations director", "h.ashworth@hsw.example"),
        breakdown=Breakdown(full_time=34, part_time=4, part_time_hours=24, complexity="low"),
        state="received",
        days=4,
        consent=None,
    ),
    ClientSpec(
        legal_name="Pennine Plastics Ltd",
        address="Moss Mill, Smithy Bridge Road\nRochdale OL16 2RT",
        iaf=("14",),
        standards=(ISO_9001,),
        scope="Injection moulding of plastic components for the automotive aftermarket.",
        sites=_uk(
            "Rochdale works", "Moss Mill, Smithy Bridge Road\nRochdale OL16 2RT", 52, shifts=3
        ),
        contact=ContactSpec("Gareth Holt", "Technical manager", "g.holt@pennine-plastics.example"),
        breakdown=Breakdown(full_time=48, shifts=3, seasonal=4, complexity="medium"),
        state="under_review",
        days=12,
    ),
    ClientSpec(
        legal_name="Fenland Fresh Produce Ltd",
        address="Drove Farm, Sutton Road\nWisbech PE13 4RX",
        iaf=("3",),
        standards=(ISO_9001,),
        scope="Washing, packing and distribution of fresh vegetables.",
        sites=_uk("Wisbech packhouse", "Drove Farm, Sutton Road\nWisbech PE13 4RX", 120),
        contact=ContactSpec("Peter Grange", "Site manager", "p.grange@fenlandfresh.example"),
        breakdown=Breakdown(full_time=70, seasonal=50, complexity="high"),
        state="declined",
        days=40,
        consent=None,
        reason=(
            "Food products (IAF 3) are outside our schedule of accreditation and we have no "
            "auditor qualified for the sector, so we cannot certify this scope competently. "
            "The applicant was referred to certification bodies accredited for IAF 3."
        ),
    ),
    ClientSpec(
        legal_name="Calder Valley Shopfitters Ltd",
        address="Unit 7, Holmfield Industrial Estate\nHalifax HX2 9TN",
        iaf=("28",),
        standards=(ISO_9001,),
        scope="Design and installation of shop and bar interiors.",
        sites=_uk("Halifax workshop", "Unit 7, Holmfield Industrial Estate\nHalifax HX2 9TN", 23),
        contact=ContactSpec("Sean Calder", "Director", "sean@caldershopfitters.example"),
        breakdown=Breakdown(full_time=19, contractors=4, complexity="medium"),
        state="withdrawn",
        days=60,
        consent=None,
        reason=(
            "The applicant postponed certification: the tender that required ISO 9001 was "
            "awarded to another bidder. They will re-apply next year."
        ),
    ),
    ClientSpec(
        legal_name="Solent Marine Electronics Ltd",
        address="4 Ocean Quay, Belvidere Road\nSouthampton SO14 5QY",
        website="https://solent-marine.example",
        iaf=("19",),
        standards=(ISO_9001,),
        scope="Design, assembly and servicing of navigation electronics for leisure craft.",
        sites=_uk("Southampton", "4 Ocean Quay, Belvidere Road\nSouthampton SO14 5QY", 41),
        contact=ContactSpec("Fiona Marsh", "Quality manager", "f.marsh@solent-marine.example"),
        breakdown=Breakdown(full_time=38, part_time=6, part_time_hours=20),
        state="transfer",
        days=9,
        transfer=TransferSpec(
            issuing_body="Wessex Assurance Services Ltd",
            accreditation_body="UKAS",
            certificate_number="WAS-Q-20417",
            expiry_days=610,
            reason=(
                "The issuing body is closing its south-coast office and the client wants "
                "auditors with marine electronics experience."
            ),
            checklist={
                "scope": {
                    "done": True,
                    "finding": "IAF 19 for ISO 9001 is on our UKAS schedule.",
                },
                "reasons": {"done": True, "finding": "Service reasons; no dispute."},
                "validity": {
                    "done": True,
                    "finding": "Valid; checked in CertSearch and with the issuing body.",
                },
                "reports": {
                    "done": True,
                    "finding": (
                        "Recertification report and last surveillance report seen; two minor "
                        "NCs with accepted plans, no open majors."
                    ),
                },
                "complaints": {"done": True, "finding": "None received about the client."},
                "cycle_stage": {
                    "done": True,
                    "finding": "Year 2 of the cycle; surveillance 2 due in about five months.",
                },
                "regulatory": {"done": False, "finding": ""},
            },
        ),
    ),
    ClientSpec(
        legal_name="Trent Valve Company Ltd",
        address="Kelham Road\nNewark-on-Trent NG24 1BX",
        iaf=("18",),
        standards=(ISO_9001,),
        scope="Manufacture and testing of industrial gate and globe valves.",
        sites=_uk("Newark works", "Kelham Road\nNewark-on-Trent NG24 1BX", 86, shifts=2),
        contact=ContactSpec("Ian Beardsley", "Works manager", "i.beardsley@trentvalve.example"),
        breakdown=Breakdown(full_time=80, shifts=2, part_time=6, part_time_hours=16),
        state="stage1",
        days=18,
        team=True,
    ),
    ClientSpec(
        legal_name="Brunswick Fasteners Ltd",
        address="Planet Works, Bilston Road\nWolverhampton WV2 2HL",
        iaf=("17",),
        standards=(ISO_9001,),
        scope="Cold forging and plating of bolts, studs and special fasteners.",
        sites=_uk(
            "Wolverhampton works", "Planet Works, Bilston Road\nWolverhampton WV2 2HL", 64, shifts=2
        ),
        contact=ContactSpec("Rajinder Gill", "Quality manager", "r.gill@brunswick-fast.example"),
        breakdown=Breakdown(full_time=60, shifts=2, contractors=4),
        state="stage2",
        days=24,
        team=True,
    ),
    ClientSpec(
        legal_name="Cotswold Care Homes Ltd",
        address="The Old Rectory, Dollar Street\nCirencester GL7 2AN",
        iaf=("38",),
        standards=(ISO_9001,),
        scope="Residential and nursing care for older people in three homes.",
        sites=_uk("Head office", "The Old Rectory, Dollar Street\nCirencester GL7 2AN", 140),
        contact=ContactSpec("Beverley Hale", "Registered manager", "b.hale@cotswoldcare.example"),
        breakdown=Breakdown(full_time=90, shifts=3, part_time=50, part_time_hours=20),
        state="stage1",
        days=40,
        non_accredited_reason=(
            "Health and social work (IAF 38) is outside our UKAS schedule. The client needs "
            "ISO 9001 for a local-authority framework that does not require accredited "
            "certification and accepts a certificate without the UKAS mark. Our lead auditor "
            "is competent in the sector."
        ),
    ),
    ClientSpec(
        legal_name="Northgate Data Services Ltd",
        address="1 Wellington Place\nLeeds LS1 4AP",
        website="https://northgate-data.example",
        iaf=("33",),
        standards=(ISO_9001,),
        scope="Managed IT services, data-centre hosting and service desk.",
        sites=_uk("Leeds", "1 Wellington Place\nLeeds LS1 4AP", 95, shifts=3),
        contact=ContactSpec("Amir Shah", "Head of service", "a.shah@northgate-data.example"),
        breakdown=Breakdown(full_time=88, shifts=3, contractors=7, complexity="low"),
        state="certified",
        days=300,
        next_in=50,
        team=True,
        factors=(
            (
                "off_site_staff",
                -5,
                "Engineers at customer premises are checked through ticket records.",
            ),
        ),
    ),
    ClientSpec(
        legal_name="Kestrel Trade Supplies Ltd",
        address="Carr Hill Industrial Estate\nDoncaster DN4 8DE",
        iaf=("29",),
        standards=(ISO_9001,),
        scope="Wholesale distribution of plumbing and heating products to the trade.",
        sites=_uk("Doncaster warehouse", "Carr Hill Industrial Estate\nDoncaster DN4 8DE", 45),
        contact=ContactSpec("Debbie Walsh", "Operations manager", "d.walsh@kestrel-trade.example"),
        breakdown=Breakdown(full_time=40, part_time=10, part_time_hours=20, complexity="low"),
        state="certified",
        days=380,
        overdue=True,
        certificate="suspended",
        notes="Surveillance 1 not held: the client postponed twice (staff shortage).",
    ),
    ClientSpec(
        legal_name="Ouseburn Engineering Ltd",
        address="Lime Street Works\nNewcastle upon Tyne NE1 2PQ",
        iaf=("18",),
        standards=(ISO_9001,),
        scope="Design and manufacture of conveyors and bulk-handling machinery.",
        sites=_uk("Newcastle works", "Lime Street Works\nNewcastle upon Tyne NE1 2PQ", 72),
        contact=ContactSpec("Colin Forster", "Managing director", "c.forster@ouseburn-eng.example"),
        breakdown=Breakdown(full_time=70, contractors=2, complexity="high"),
        state="certified",
        days=670,
        next_in=60,
        factors=(
            (
                "complex_processes",
                10,
                "Every conveyor line is designed to order; design reviews for each project.",
            ),
        ),
    ),
    ClientSpec(
        legal_name="Wealden Electrical Contractors Ltd",
        address="Longfield Road\nTunbridge Wells TN2 3EY",
        iaf=("28",),
        standards=(ISO_9001, ISO_45001),
        scope="Electrical installation and maintenance in commercial buildings.",
        sites=_uk("Tunbridge Wells depot", "Longfield Road\nTunbridge Wells TN2 3EY", 58),
        contact=ContactSpec("Joanne Pryce", "SHEQ manager", "j.pryce@wealden-electrical.example"),
        breakdown=Breakdown(full_time=46, contractors=12, complexity="high"),
        state="certified",
        days=845,
        overdue=True,
        notes="Surveillance 2 overdue; the client was asked for dates twice.",
    ),
    ClientSpec(
        legal_name="Medway Precision Castings Ltd",
        address="Medway City Estate, Anthonys Way\nRochester ME2 4DN",
        iaf=("17",),
        standards=(ISO_9001, ISO_45001),
        scope="Investment casting of steel and nickel-alloy components.",
        sites=_uk(
            "Rochester foundry",
            "Medway City Estate, Anthonys Way\nRochester ME2 4DN",
            110,
            shifts=2,
        ),
        contact=ContactSpec("Tom Okafor", "Quality and safety manager", "t.okafor@mpc.example"),
        breakdown=Breakdown(full_time=104, shifts=2, seasonal=6, complexity="high"),
        state="certified",
        days=960,
        next_in=35,
        factors=(
            ("regulation", 10, "Aerospace castings under customers' special-process approvals."),
        ),
    ),
    ClientSpec(
        legal_name="Thames Gateway Packaging Ltd",
        address="Cranes Farm Road\nBasildon SS14 3JB",
        iaf=("14",),
        standards=(ISO_9001,),
        scope="Extrusion and printing of polyethylene film and bags.",
        sites=_uk("Basildon plant", "Cranes Farm Road\nBasildon SS14 3JB", 77, shifts=3),
        contact=ContactSpec("Lucy Barrett", "Quality manager", "l.barrett@tgpack.example"),
        breakdown=Breakdown(full_time=74, shifts=3, part_time=6, part_time_hours=20),
        state="recertified",
        days=150,
    ),
    ClientSpec(
        legal_name="Albion Facilities Services Ltd",
        trading_name="Albion FS",
        address="Albion House, 40 Hagley Road\nBirmingham B16 8PE",
        website="https://albion-fs.example",
        iaf=("35",),
        standards=(ISO_9001,),
        scope="Commercial cleaning, security and building services, managed from Birmingham.",
        sites=(
            SiteSpec(
                "Birmingham head office",
                "Albion House, 40 Hagley Road\nBirmingham B16 8PE",
                48,
                central=True,
                activities="Central function: contracts, purchasing, training, quality.",
            ),
            SiteSpec("Bristol depot", "Unit 2, Avonmouth Way\nBristol BS11 9HX", 64),
            SiteSpec("Cardiff depot", "Penarth Road\nCardiff CF11 8TW", 41),
            SiteSpec("Leeds depot", "Kirkstall Road\nLeeds LS4 2AZ", 58),
            SiteSpec("Manchester depot", "Trafford Park Road\nManchester M17 1HG", 72),
            SiteSpec("Nottingham depot", "Castle Marina Road\nNottingham NG7 1TN", 37),
            SiteSpec("Reading depot", "Portman Road\nReading RG30 1EA", 45),
        ),
        contact=ContactSpec("Sandra Okoye", "Compliance director", "s.okoye@albion-fs.example"),
        breakdown=Breakdown(
            full_time=250,
            shifts=2,
            part_time=30,
            part_time_hours=15,
            reduction=40,
            reduction_why=(
                "Forty cleaning operatives on identical contract-cleaning routines under the "
                "same work instructions; counted at a reduced rate per the body's method."
            ),
            complexity="low",
        ),
        state="certified",
        days=200,
        next_in=80,
        factors=(
            ("logistics", 5, "Staff work at about 120 client premises served from the depots."),
        ),
        notes="Multi-site (IAF MD 1): central function plus six depots, sampled.",
    ),
    ClientSpec(
        legal_name="Humber Steel Fabrications Ltd",
        address="Saltend Lane\nHull HU9 5SD",
        iaf=("17",),
        standards=(ISO_9001, ISO_14001),
        scope="Fabrication, blasting and painting of structural steelwork.",
        sites=_uk("Hull yard", "Saltend Lane\nHull HU9 5SD", 66),
        contact=ContactSpec("Martin Dale", "SHEQ manager", "m.dale@humbersteel.example"),
        breakdown=Breakdown(full_time=60, contractors=6, complexity="high"),
        state="certified",
        days=450,
        certificate="withdrawn",
        notes="Integrated audit of ISO 9001 and ISO 14001. Certificate withdrawn: misuse of "
        "the certification mark.",
    ),
    ClientSpec(
        legal_name="Pennine Metal Finishers Ltd",
        address="Canal Wharf, Wakefield Road\nHalifax HX3 9AA",
        iaf=("17",),
        standards=(ISO_9001,),
        scope="Powder coating and anodising of aluminium profiles.",
        sites=_uk("Halifax works", "Canal Wharf, Wakefield Road\nHalifax HX3 9AA", 24),
        contact=ContactSpec("Helen Shaw", "Operations manager", "h.shaw@penninefinishers.example"),
        breakdown=Breakdown(full_time=24),
        state="certified",
        days=1120,
        overdue=True,
        certificate="expired",
        notes="The recertification audit was never booked: the certificate expired on its "
        "date (restoration possible within the body's window).",
    ),
    ClientSpec(
        legal_name="Vandermeer Instrumenten B.V.",
        address="Kastanjelaan 18\n5616 LZ Eindhoven\nNetherlands",
        country="NL",
        iaf=("19",),
        standards=(ISO_9001,),
        scope="Design and assembly of laboratory temperature controllers.",
        sites=(
            SiteSpec(
                "Eindhoven",
                "Kastanjelaan 18\n5616 LZ Eindhoven",
                33,
                country="NL",
            ),
        ),
        contact=ContactSpec("Joost Vandermeer", "Directeur", "joost@vandermeer.example"),
        breakdown=Breakdown(full_time=31, part_time=4, part_time_hours=20),
        state="certified",
        days=120,
        team=True,
        consent=False,
        notes=(
            "Refused public listing: supplies defence integrators and keeps its customers private."
        ),
    ),
    ClientSpec(
        legal_name="Dales Civil Engineering Ltd",
        address="Engine Shed Lane\nSkipton BD23 1UP",
        iaf=("28",),
        standards=(ISO_14001, ISO_45001),
        scope="Civil engineering, drainage and groundworks for highways and utilities.",
        sites=_uk("Skipton depot", "Engine Shed Lane\nSkipton BD23 1UP", 54),
        contact=ContactSpec("Neil Atkinson", "HSE manager", "n.atkinson@dalescivil.example"),
        breakdown=Breakdown(full_time=44, contractors=10, complexity="high"),
        state="certified",
        days=330,
        next_in=20,
        certificate="superseded",
        reduced_scope="Civil engineering and drainage for highways and utilities.",
    ),
    ClientSpec(
        legal_name="Componentes Eléctricos del Ebro S.L.",
        address="Calle de Miguel Servet 45\n50013 Zaragoza\nSpain",
        country="ES",
        iaf=("19",),
        standards=(ISO_9001,),
        scope="Manufacture of wiring harnesses and control panels.",
        sites=(
            SiteSpec(
                "Zaragoza",
                "Calle de Miguel Servet 45\n50013 Zaragoza",
                92,
                country="ES",
                shifts=2,
            ),
        ),
        contact=ContactSpec("Lucía Romero", "Responsable de calidad", "l.romero@ebro-ce.example"),
        breakdown=Breakdown(full_time=86, shifts=2, seasonal=6),
        state="certified",
        days=560,
        next_in=80,
        factors=(
            ("interpreter", 5, "Production staff are interviewed through a Spanish interpreter."),
        ),
    ),
    ClientSpec(
        legal_name="Greenfield Builders Merchants Ltd",
        address="Hall Road\nNorwich NR4 6DG",
        iaf=("29",),
        standards=(ISO_14001,),
        scope="Sale and delivery of building materials from one yard.",
        sites=_uk("Norwich yard", "Hall Road\nNorwich NR4 6DG", 29),
        contact=ContactSpec("Kate Larkin", "General manager", "k.larkin@greenfield-bm.example"),
        breakdown=Breakdown(full_time=25, part_time=8, part_time_hours=20, complexity="low"),
        state="certified",
        days=90,
    ),
    ClientSpec(
        legal_name="Brückner Messtechnik GmbH",
        address="Heilbronner Straße 120\n70191 Stuttgart\nGermany",
        country="DE",
        iaf=("19",),
        standards=(ISO_9001,),
        scope="Development and production of pressure transmitters.",
        sites=(
            SiteSpec(
                "Stuttgart",
                "Heilbronner Straße 120\n70191 Stuttgart",
                58,
                country="DE",
            ),
        ),
        contact=ContactSpec("Katrin Brückner", "Geschäftsführerin", "k.brueckner@bmt.example"),
        breakdown=Breakdown(full_time=55, part_time=6, part_time_hours=20),
        state="under_review",
        days=20,
    ),
    ClientSpec(
        legal_name="Clyde Software Solutions Ltd",
        address="Atlantic Quay, 150 Broomielaw\nGlasgow G2 8JR",
        iaf=("33",),
        standards=(ISO_9001,),
        scope="Bespoke software development for financial services.",
        sites=_uk("Glasgow", "Atlantic Quay, 150 Broomielaw\nGlasgow G2 8JR", 47),
        contact=ContactSpec("Morag Campbell", "Delivery director", "m.campbell@clydesoft.example"),
        breakdown=Breakdown(full_time=45, part_time=4, part_time_hours=20, complexity="low"),
        state="certified",
        days=740,
        next_in=10,
        team=True,
        certificate="cancelled",
        notes="Certification cancelled at the client's request: the business was sold.",
    ),
)
