"""Demo data of the process map (ISO 9001 §4.4): what goes in and out of Acme's processes
P-01 to P-05, their place on the map, and how they feed each other. Idempotent: a field
already holding this value is not written again, an existing arrow is kept."""

from __future__ import annotations

from typing import Any

from qms.accounts.models import User

from .interactions import interaction_create
from .models import Organization, Process, ProcessInteraction
from .services import process_update

ACTOR = "quality@acme.example"

PROCESSES: dict[str, dict[str, Any]] = {
    "P-01": {
        "process_type": "core",
        "sequence": 1,
        "inputs": "Customer enquiries, orders and calibration requests.",
        "outputs": "Confirmed orders with agreed requirements and delivery dates.",
        "criteria": "Orders confirmed within 2 working days; on-time delivery at least 95 %.",
    },
    "P-02": {
        "process_type": "core",
        "sequence": 2,
        "inputs": "Requirements for new or changed instruments; field feedback.",
        "outputs": "Released drawings, specifications and inspection plans.",
        "criteria": "Design reviews held at each stage; no design-related returns.",
    },
    "P-03": {
        "process_type": "core",
        "sequence": 3,
        "inputs": "Released drawings, confirmed orders, castings and bought-in parts.",
        "outputs": "Assembled gauges ready for calibration.",
        "criteria": "First-pass yield at least 97 %; scrap below 2 % of material cost.",
    },
    "P-04": {
        "process_type": "core",
        "sequence": 4,
        "inputs": "Assembled gauges, reference standards with valid calibration.",
        "outputs": "Calibrated gauges with certificates; rejected parts for rework.",
        "criteria": "No gauge shipped without a certificate; escapes to customers: zero.",
    },
    "P-05": {
        "process_type": "support",
        "sequence": 1,
        "inputs": "Material and part requirements; supplier performance data.",
        "outputs": "Approved suppliers, purchase orders, received castings and parts.",
        "criteria": "Supplier on-time delivery at least 90 %; incoming rejects below 1 %.",
    },
}

INTERACTIONS: list[tuple[str, str, str]] = [
    ("P-01", "P-02", "Requirements for new instruments"),
    ("P-01", "P-03", "Confirmed orders and dates"),
    ("P-02", "P-03", "Released drawings"),
    ("P-03", "P-04", "Assembled gauges"),
    ("P-04", "P-03", "Rejected parts for rework"),
    ("P-04", "P-01", "Certificates for dispatch"),
    ("P-03", "P-05", "Material requirements"),
    ("P-05", "P-03", "Castings and bought-in parts"),
]


def load(*, stdout: Any) -> None:
    acme = Organization.objects.filter(slug="acme").first()
    actor = User.objects.filter(email=ACTOR).first()
    if acme is None or actor is None:
        return
    processes = {p.code: p for p in Process.objects.for_organization(acme) if p.code}
    for code, values in PROCESSES.items():
        process = processes.get(code)
        if process is None:
            continue
        changes = {name: value for name, value in values.items() if getattr(process, name) != value}
        if changes:
            processes[code] = process_update(actor=actor, instance=process, data=changes)
    existing = set(
        ProcessInteraction.objects.for_organization(acme).values_list(
            "from_process_id", "to_process_id"
        )
    )
    added = 0
    for source, target, flow in INTERACTIONS:
        if source not in processes or target not in processes:
            continue
        pair = (processes[source].pk, processes[target].pk)
        if pair in existing:
            continue
        interaction_create(
            actor=actor,
            organization=acme,
            data={"from_process": processes[source], "to_process": processes[target], "flow": flow},
        )
        added += 1
    if added:
        stdout.write(f"  {acme.name}: process map with {added} interactions")
