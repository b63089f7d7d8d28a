"""Demo data of complaints: a year of Acme's customer complaints (about 25), logged,
acknowledged, answered and closed through the services and the workflow as people would,
with a realistic spread of channels, customers and states; five escalated to
nonconformities in one step (`complaint_escalate`). One complaint at Northwind Castings.

Runs after the nonconformities demo (INSTALLED_APPS order). Idempotent: nothing is written
for an organization that already has complaints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.workflow import model_transition
from qms.organizations.models import Organization, Process

from .models import Complaint
from .services import complaint_create, complaint_escalate, complaint_update

QUALITY = "quality@acme.example"
PROCESS_OWNER = "process@acme.example"


@dataclass(frozen=True)
class Spec:
    days_ago: int
    customer: str
    channel: str
    reference: str
    description: str
    state: str  # received, acknowledged, responded, closed
    justified: str = "undetermined"
    escalate: str = ""  # severity when escalated
    process: str = ""  # process code of the escalation
    owner: str = QUALITY


CUSTOMERS = (
    ("Northern Rail Supplies", "Ann Baker", "ann.baker@nrs.example"),
    ("Delta Instruments", "Jo Marsh", "jo.marsh@delta.example"),
    ("Humber Hydraulics", "Raj Singh", "raj.singh@humber-hydraulics.example"),
    ("Pennine Process Plant", "Kate Moss", "k.moss@pennine.example"),
    ("Acme Retail", "Bo Lee", "buyer@acme-retail.example"),
)

SPECS = (
    Spec(
        350,
        "Northern Rail Supplies",
        "email",
        "PO-3102",
        "Two pressure gauges arrived with cracked glass.",
        "closed",
        "yes",
    ),
    Spec(
        335,
        "Delta Instruments",
        "phone",
        "SO-1187",
        "Delivery a week later than confirmed.",
        "closed",
        "yes",
    ),
    Spec(
        322,
        "Humber Hydraulics",
        "letter",
        "PO-7720",
        "Calibration certificate missing from the box.",
        "closed",
        "yes",
        "minor",
        "P-03",
    ),
    Spec(
        301,
        "Pennine Process Plant",
        "web_form",
        "SO-1203",
        "Dial markings hard to read in low light.",
        "closed",
        "no",
    ),
    Spec(
        288,
        "Acme Retail",
        "email",
        "PO-5521",
        "Invoice did not match the quoted price.",
        "closed",
        "yes",
    ),
    Spec(
        270,
        "Northern Rail Supplies",
        "phone",
        "PO-3188",
        "Gauge reads 2 % high at full scale.",
        "closed",
        "yes",
        "major",
        "P-03",
    ),
    Spec(
        251,
        "Delta Instruments",
        "email",
        "SO-1254",
        "Wrong thread (G 1/4 instead of NPT 1/4) on 20 gauges.",
        "closed",
        "yes",
        "major",
        "P-02",
    ),
    Spec(
        236,
        "Humber Hydraulics",
        "in_person",
        "PO-7791",
        "Needle sticks at the low end of the scale.",
        "closed",
        "no",
    ),
    Spec(
        220,
        "Pennine Process Plant",
        "email",
        "SO-1290",
        "Packaging damaged in transit.",
        "closed",
        "yes",
    ),
    Spec(
        204,
        "Acme Retail",
        "web_form",
        "PO-5608",
        "Order acknowledgement never received.",
        "closed",
        "yes",
    ),
    Spec(
        188,
        "Northern Rail Supplies",
        "email",
        "PO-3240",
        "Certificates show last year's reference standard.",
        "closed",
        "yes",
        "minor",
        "P-03",
    ),
    Spec(
        171,
        "Delta Instruments",
        "phone",
        "SO-1322",
        "Short shipment: 45 of 50 units.",
        "closed",
        "yes",
    ),
    Spec(
        150,
        "Humber Hydraulics",
        "email",
        "PO-7840",
        "Gauge case corroded after three months outdoors.",
        "closed",
        "undetermined",
    ),
    Spec(
        133,
        "Pennine Process Plant",
        "letter",
        "SO-1349",
        "Manual in English only; French requested on the order.",
        "closed",
        "yes",
    ),
    Spec(
        118, "Acme Retail", "email", "PO-5690", "Late delivery of a repeat order.", "closed", "yes"
    ),
    Spec(
        96,
        "Northern Rail Supplies",
        "web_form",
        "PO-3301",
        "Zero offset on 6 gauges after installation.",
        "responded",
        "yes",
        "major",
        "P-03",
    ),
    Spec(
        80,
        "Delta Instruments",
        "email",
        "SO-1401",
        "Labels swapped between two part numbers.",
        "responded",
        "yes",
    ),
    Spec(64, "Humber Hydraulics", "phone", "PO-7901", "Quoted lead time not met.", "closed", "no"),
    Spec(
        47,
        "Pennine Process Plant",
        "email",
        "SO-1433",
        "Glycerine leaking from two filled gauges.",
        "acknowledged",
        "undetermined",
        owner=PROCESS_OWNER,
    ),
    Spec(
        33,
        "Acme Retail",
        "in_person",
        "PO-5777",
        "Display stand delivered without fixings.",
        "acknowledged",
        "yes",
    ),
    Spec(
        21,
        "Northern Rail Supplies",
        "email",
        "PO-3355",
        "Calibration interval printed wrongly on the label.",
        "acknowledged",
    ),
    Spec(
        12,
        "Delta Instruments",
        "web_form",
        "SO-1460",
        "Test certificate signed by an unnamed person.",
        "received",
    ),
    Spec(
        8,
        "Humber Hydraulics",
        "email",
        "PO-7950",
        "Bezel scratched on 3 of 10 units.",
        "received",
        owner=PROCESS_OWNER,
    ),
    Spec(
        4,
        "Pennine Process Plant",
        "phone",
        "SO-1478",
        "Incorrect range (0-16 bar instead of 0-10 bar).",
        "received",
    ),
    Spec(
        1,
        "Acme Retail",
        "other",
        "PO-5801",
        "Customer reports no response to an earlier query.",
        "received",
    ),
)

RESPONSES = {
    "yes": "We apologise: the cause was found and corrected, replacements were sent and our "
    "process was changed so it does not happen again.",
    "no": "We investigated and found the products within specification; we explained the "
    "results and the correct installation to the customer.",
    "undetermined": "We investigated and could not reproduce the problem; we replaced the "
    "units as a goodwill gesture and keep the returned ones for analysis.",
}


def _contact(customer: str) -> tuple[str, str]:
    for name, contact, email in CUSTOMERS:
        if name == customer:
            return contact, email
    return "", ""


def _complaint(
    organization: Organization, spec: Spec, users: dict[str, User], today: dt.date
) -> Complaint:
    received = today - dt.timedelta(days=spec.days_ago)
    actor = users[QUALITY]
    contact, email = _contact(spec.customer)
    complaint = complaint_create(
        actor=actor,
        organization=organization,
        data={
            "customer_name": spec.customer,
            "contact_name": contact,
            "contact_email": email,
            "reference": spec.reference,
            "received_on": received,
            "channel": spec.channel,
            "description": spec.description,
            "owner": users[spec.owner],
        },
    )
    if spec.escalate:
        process = (
            Process.objects.for_organization(organization).filter(code=spec.process).first()
            if spec.process
            else None
        )
        complaint_escalate(actor=actor, instance=complaint, severity=spec.escalate, process=process)
    if spec.state == "received":
        return complaint
    acknowledged = min(received + dt.timedelta(days=1 + spec.days_ago % 4), today)
    complaint = complaint_update(
        actor=actor, instance=complaint, data={"acknowledged_on": acknowledged}
    )
    complaint = model_transition(actor=actor, instance=complaint, transition="acknowledge")
    if spec.state == "acknowledged":
        return complaint
    sent = min(acknowledged + dt.timedelta(days=5 + spec.days_ago % 9), today)
    complaint = complaint_update(
        actor=actor,
        instance=complaint,
        data={
            "response": RESPONSES[spec.justified],
            "response_sent_on": sent,
            "justified": spec.justified,
        },
    )
    complaint = model_transition(actor=actor, instance=complaint, transition="respond")
    if spec.state == "responded":
        return complaint
    return model_transition(actor=actor, instance=complaint, transition="close")


def load(*, stdout: Any) -> None:
    today = timezone.localdate()
    acme = Organization.objects.filter(slug="acme").first()
    if acme is not None and not Complaint.objects.for_organization(acme).exists():
        users = {u.email: u for u in User.objects.filter(email__in=[QUALITY, PROCESS_OWNER])}
        if len(users) == 2:
            for spec in SPECS:
                _complaint(acme, spec, users, today)
            stdout.write(f"Complaints: {len(SPECS)} at {acme.name}.")
    northwind = Organization.objects.filter(slug="northwind").first()
    if northwind is not None and not Complaint.objects.for_organization(northwind).exists():
        manager = (
            User.objects.filter(
                memberships__organization=northwind,
                memberships__role__in=["quality_manager", "owner"],
            )
            .order_by("email")
            .first()
        )
        if manager is not None:
            complaint_create(
                actor=manager,
                organization=northwind,
                data={
                    "customer_name": "Baltic Foundry Supplies",
                    "received_on": today - dt.timedelta(days=6),
                    "channel": "email",
                    "reference": "NW-PO-220",
                    "description": "Porosity found in two machined castings.",
                    "owner": manager,
                },
            )
            stdout.write(f"Complaints: 1 at {northwind.name}.")
