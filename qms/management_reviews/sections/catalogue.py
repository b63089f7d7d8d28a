"""The sections of the pack, in the order of ISO 9001 §9.3.2 (titles in our own words)."""

from __future__ import annotations

from . import builders
from .registry import Section, register_section

MANUAL = "Written by the management at or before the meeting."

for _section in (
    Section(
        "previous_actions",
        "Status of actions from previous reviews",
        "9.3.2 a)",
        builders.previous_actions,
    ),
    Section(
        "context", "Changes in external and internal issues", "9.3.2 b)", builders.context_changes
    ),
    Section(
        "customers",
        "Customer satisfaction and feedback from interested parties",
        "9.3.2 c) 1)",
        builders.customer_feedback,
    ),
    Section(
        "objectives",
        "Extent to which quality objectives have been met",
        "9.3.2 c) 2)",
        builders.objectives_met,
    ),
    Section(
        "processes",
        "Process performance and conformity of products and services",
        "9.3.2 c) 3)",
        builders.process_performance,
    ),
    Section(
        "nonconformities",
        "Nonconformities and corrective actions",
        "9.3.2 c) 4)",
        builders.nonconformities,
    ),
    Section(
        "monitoring",
        "Monitoring and measurement results",
        "9.3.2 c) 5)",
        builders.monitoring_results,
    ),
    Section(
        "audits",
        "Audit results (internal and external)",
        "9.3.2 c) 6)",
        builders.audit_results,
        manual_note="External audit results: written by hand until the certification "
        "module exists.",
    ),
    Section(
        "providers",
        "Performance of external providers",
        "9.3.2 c) 7)",
        None,
        manual_note="A manual section until the suppliers module exists: summarise "
        "deliveries, quality and any supplier issues here.",
    ),
    Section(
        "resources",
        "Adequacy of resources",
        "9.3.2 d)",
        None,
        manual_note="People, infrastructure, environment, monitoring resources and "
        "knowledge: " + MANUAL,
    ),
    Section(
        "risks",
        "Effectiveness of actions taken to address risks and opportunities",
        "9.3.2 e)",
        builders.risk_actions,
    ),
    Section("improvement", "Opportunities for improvement", "9.3.2 f)", builders.improvement),
):
    register_section(_section)
