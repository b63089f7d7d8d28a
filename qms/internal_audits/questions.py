# ruff: noqa: E501  (a question per line reads better than wrapped ones)
"""The audit question bank: our own questions per clause, for the checklists.

Keyed by clause number of the harmonized structure as ISO 9001:2015 numbers it (4 to 10).
A clause of another standard built on the harmonized structure (ISO 14001, 45001, 27001)
finds its questions through its `hs_core_ref` (HS.7.5.3 -> "7.5.3"); a clause the bank does
not know gets one generic question built from its number and title.

Copyright: the wording below is ours. It asks an auditee to show things; it never quotes
or paraphrases a standard's requirement text. The clause's own `guidance` (also ours) is
shown beside each question on the checklist.
"""

from __future__ import annotations

from typing import Any

QUESTIONS: dict[str, tuple[str, ...]] = {
    # 4 Context
    "4.1": (
        "Which internal and external issues has the organization listed, and when was the list last looked at?",
        "Show how a change in an issue (market, technology, climate) reached the plans or risks.",
    ),
    "4.2": (
        "Who are the interested parties that matter here, and what do they expect of us?",
        "How and when are those expectations checked again? Show the last update.",
    ),
    "4.3": (
        "Show the written scope: which products, services, sites are inside it?",
        "Is any clause declared not applicable? Show the reason recorded for it.",
    ),
    "4.4": ("Show how the processes, their order and their interactions are described.",),
    "4.4.1": (
        "Pick one process: who owns it, what goes in, what comes out, how is it measured?",
        "Which risks and resources were considered for that process?",
    ),
    "4.4.2": (
        "Which documented information supports the running of the processes, and where is it kept?",
    ),
    # 5 Leadership
    "5.1": ("How does top management take part in the management system? Give examples.",),
    "5.1.1": (
        "Interview top management: how do they know whether the system delivers its results?",
        "Show a decision top management took on the basis of system results.",
    ),
    "5.1.2": (
        "How are customer needs and applicable legal requirements kept in view? Show an example.",
        "How is customer satisfaction followed at top-management level?",
    ),
    "5.2": ("Show the policy that applies and how it is kept current.",),
    "5.2.1": (
        "Show the current policy: when was it last reviewed, and who took part in the review?",
        "Does the policy give a frame for the objectives? Show the link.",
    ),
    "5.2.2": (
        "Ask two employees where the policy is and what it means for their work.",
        "Is the policy available to interested parties where appropriate? How?",
    ),
    "5.3": (
        "Show who is responsible and has authority for this process; how was it communicated?",
        "Who reports on the performance of the system to top management, and how often?",
    ),
    # 6 Planning
    "6.1": ("Show how risks and opportunities were identified and what is being done about them.",),
    "6.1.1": (
        "Show the risk and opportunity register: when was it last updated and by whom?",
        "Which issues and party expectations led to the risks listed?",
    ),
    "6.1.2": (
        "Pick one high risk: which action was planned, and how will its effect be checked?",
        "Are the actions in proportion to the possible effect on products and customers?",
    ),
    "6.2": ("Show the objectives and the plans to reach them.",),
    "6.2.1": (
        "Which objectives are set for this function or process, and are they measurable?",
        "Show the latest result of one objective compared with its target.",
    ),
    "6.2.2": (
        "For one objective: what will be done, with which resources, by whom and by when?",
        "How are the results of the objective evaluated? Show the last evaluation.",
    ),
    "6.3": (
        "Show the last change made to the management system: how was it planned?",
        "Were the purpose, consequences, resources and responsibilities of the change considered?",
    ),
    # 7 Support
    "7.1": ("How are the resources needed for the system determined and provided?",),
    "7.1.1": (
        "How were the resources for this process determined? Any shortage in the last year?",
    ),
    "7.1.2": ("Are there enough people to run this process as planned? Show the evidence.",),
    "7.1.3": (
        "Which buildings, equipment, software and transport does this process need? Show their upkeep.",
        "Show the maintenance record of one critical piece of equipment.",
    ),
    "7.1.4": (
        "Which working conditions (social, psychological, physical) matter for this process, and how are they managed?",
    ),
    "7.1.5": ("Show how monitoring and measuring resources are chosen and kept fit for use.",),
    "7.1.5.1": (
        "Which monitoring and measuring resources are used, and how is it known they are suitable?",
        "Show the records kept as evidence that they are fit for purpose.",
    ),
    "7.1.5.2": (
        "Pick one measuring instrument: show its calibration status, its identification and the last certificate.",
        "What happens when an instrument is found out of tolerance? Show an example if any.",
    ),
    "7.1.6": (
        "How is the knowledge needed for this process kept and shared? Give an example.",
        "How is knowledge kept when an experienced person leaves?",
    ),
    "7.2": (
        "Pick two people in this process: show the competence required and the evidence they have it.",
        "Show one training or other action taken to close a competence gap and how its effect was checked.",
    ),
    "7.3": (
        "Ask people in this process about the policy, the relevant objectives and their own contribution.",
        "Do they know what happens when the requirements are not met?",
    ),
    "7.4": (
        "What is communicated inside and outside the organization about this process: what, when, to whom, by whom?",
    ),
    "7.5": ("Show how documented information is created, updated and controlled.",),
    "7.5.1": ("Which documented information does this process need, and is it available?",),
    "7.5.2": (
        "Pick one document: show its identification, its format and its review and approval record.",
    ),
    "7.5.3": ("Show how documents and records are controlled in this process.",),
    "7.5.3.1": (
        "Is the current version available where it is used? Check one document at the workplace.",
        "How is documented information protected against loss or improper change?",
    ),
    "7.5.3.2": (
        "Show how obsolete versions are withdrawn or marked, and how changes are tracked.",
        "How are records kept, for how long, and how are they disposed of?",
        "How are documents of external origin identified and controlled?",
    ),
    # 8 Operation
    "8.1": (
        "How is this process planned: criteria, resources, records? Show the plan for one job.",
        "How are planned changes and outsourced parts of the process controlled?",
    ),
    "8.2": ("Show how customer requirements are determined, reviewed and changed.",),
    "8.2.1": (
        "How do customers reach us with enquiries, orders, feedback and complaints?",
        "How is customer property handled, and what is the plan for contingencies?",
    ),
    "8.2.2": (
        "How are the requirements for a product or service determined, including legal ones?",
    ),
    "8.2.3": ("Show how requirements are reviewed before committing to supply.",),
    "8.2.3.1": (
        "Pick a recent order: show the review made before accepting it, and who did it.",
        "How were differences between the order and the quotation resolved?",
    ),
    "8.2.3.2": ("Show the record of the review of that order and of any new requirements.",),
    "8.2.4": (
        "Show a changed order: how were the documents updated and the people concerned told?",
    ),
    "8.3": ("Show how design and development is planned, controlled and changed.",),
    "8.3.1": (
        "Is design and development done here? If not, record why the clause does not apply.",
    ),
    "8.3.2": (
        "Show the plan of one design project: stages, reviews, verification, validation, responsibilities.",
    ),
    "8.3.3": (
        "Show the design inputs of that project: function, performance, legal requirements, earlier designs.",
    ),
    "8.3.4": (
        "Show the records of the reviews, verification and validation of that project, with actions taken.",
    ),
    "8.3.5": (
        "Do the design outputs meet the inputs? Show the outputs and their acceptance criteria.",
    ),
    "8.3.6": (
        "Show one design change: its review, authorization and the actions to prevent harm.",
    ),
    "8.4": ("Show how externally provided processes, products and services are controlled.",),
    "8.4.1": (
        "Show the list of approved external providers and the criteria used to evaluate them.",
        "Show the last evaluation of one provider and what was done with its result.",
    ),
    "8.4.2": (
        "How are incoming products or outsourced services checked? Show the record of one check.",
    ),
    "8.4.3": (
        "Pick a purchase order: does it state what is needed, approval and competence requirements clearly?",
    ),
    "8.5": ("Show how production and service provision is controlled.",),
    "8.5.1": (
        "Walk the process: are work instructions, equipment, competent people and checks in place?",
        "Where a result cannot be verified afterwards, how is the process validated?",
    ),
    "8.5.2": (
        "How are outputs identified and their status shown? Trace one product back to its records.",
    ),
    "8.5.3": (
        "Is there property of customers or providers here? Show how it is identified, protected and reported when lost.",
    ),
    "8.5.4": ("How are outputs preserved during handling, storage, packing and transport?",),
    "8.5.5": (
        "What is done after delivery (service, warranty, returns)? Show an example and its record.",
    ),
    "8.5.6": (
        "Show one change in production or service: its review, who authorized it and the record kept.",
    ),
    "8.6": (
        "Show the release record of one recent delivery: who released it, against which criteria?",
    ),
    "8.7": ("Show how nonconforming outputs are identified and controlled.",),
    "8.7.1": (
        "How is a nonconforming output identified and kept from use? Check the quarantine area.",
    ),
    "8.7.2": (
        "Show the record of one nonconforming output: what was wrong, what was done, who decided.",
    ),
    # 9 Performance evaluation
    "9.1": ("Show what is monitored and measured, and how the results are evaluated.",),
    "9.1.1": (
        "What is monitored and measured in this process, with which method and how often?",
        "Show the last analysis of those results and who looked at it.",
    ),
    "9.1.2": (
        "How is customer satisfaction measured? Show the latest results and what was done with them.",
    ),
    "9.1.3": (
        "Show the analysis of data used to judge conformity, satisfaction, performance and suppliers.",
    ),
    "9.2": ("Show the internal audit programme and the reports of the audits carried out.",),
    "9.2.1": (
        "Show the audits carried out in the last twelve months: did they cover the planned scope?",
    ),
    "9.2.2": (
        "Show the audit programme: how were frequency and scope set from importance, risks and earlier results?",
        "Were the auditors independent of the processes they audited? Check one audit.",
        "Show how the findings of the last audit were reported and followed up.",
    ),
    "9.3": ("Show the records of the management reviews held.",),
    "9.3.1": (
        "Show the record of the last management review: when was it held, and who took part?",
    ),
    "9.3.2": (
        "Which inputs were presented at the last review? Check that each expected topic is there.",
    ),
    "9.3.3": ("Which decisions and actions came out of the last review? Show their status today.",),
    # 10 Improvement
    "10.1": ("Show two improvements made in the last year and how they were chosen.",),
    "10.2": ("Show how nonconformities are handled and corrective actions taken.",),
    "10.2.1": (
        "Pick a closed nonconformity: show the correction, the root cause analysis and the corrective action.",
        "How was the effectiveness of the corrective action checked, and by whom?",
    ),
    "10.2.2": (
        "Show the records of nonconformities and the results of the corrective actions taken.",
    ),
    "10.3": (
        "How are the results of analysis and management review used to find improvement opportunities?",
    ),
}


def key_for(clause: Any) -> str | None:
    """The bank key of a clause: its own number for ISO 9001, else its harmonized-structure
    core clause (HS.7.5.3 -> "7.5.3"); None when neither is known."""
    edition = getattr(clause, "edition", None)
    standard = getattr(edition, "standard", None)
    code = str(getattr(standard, "code", "") or "")
    if code.replace(" ", "").upper() == "ISO9001" and clause.number in QUESTIONS:
        return str(clause.number)
    hs = getattr(clause, "hs_core_ref", None)
    if hs is not None:
        ref = str(hs.code).removeprefix("HS.")
        if ref in QUESTIONS:
            return ref
    return None


def questions_for(clause: Any) -> tuple[str, ...]:
    """The audit questions for one clause (one generic question when the bank has none)."""
    key = key_for(clause)
    if key is not None:
        return QUESTIONS[key]
    name = str(getattr(clause, "title", None) or getattr(clause, "label", "") or "").strip()
    about = f"{clause.number} {name}".strip()
    return (
        f"Show the records that demonstrate how {about} is put into practice; who is responsible?",
    )
