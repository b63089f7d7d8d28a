"""The pure rules of applications and clients (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qms.certification.clients import personnel, rules

TODAY = dt.date(2026, 5, 1)
DONE = {key: {"done": True, "finding": ""} for key in rules.CHECKLIST_KEYS}


def _facts(**changes: object) -> rules.TransferFacts:
    values: dict[str, object] = {
        "checklist": DONE,
        "certificate_status": "valid",
        "certificate_expiry": dt.date(2027, 1, 1),
        "mla_signatory": True,
        "open_major_ncs": 0,
        "reviewed_on": TODAY,
        **changes,
    }
    return rules.TransferFacts(**values)


def test_enp_terms_come_from_the_calculator_and_refusals_land_on_the_field() -> None:
    enp = personnel.effective_personnel(
        {"full_time": "58", "part_time": "10", "part_time_hours": "20", "seasonal": "4"}
    )
    assert enp.total == Decimal("67")
    assert [t.value for t in enp.terms] == [58, 5, 4]
    assert enp.problems == {}
    reduced = personnel.effective_personnel(
        {
            "full_time": "20",
            "repetitive_reduction": "4.5",
            "repetitive_reduction_justification": "x",
        }
    )
    assert reduced.total == Decimal("15.5")
    assert reduced.terms[-1].sign == "−"  # noqa: RUF001
    for values, field in (
        ({"full_time": "5x"}, "full_time"),
        ({"full_time": "5", "full_time_hours": "0"}, "full_time_hours"),
        ({"full_time": "5", "part_time": "3"}, "part_time_hours"),
        ({"full_time": "5", "repetitive_reduction": "1"}, "repetitive_reduction_justification"),
        (
            {
                "full_time": "5",
                "repetitive_reduction": "5",
                "repetitive_reduction_justification": "x",
            },
            "repetitive_reduction",
        ),
        ({"full_time": "-1"}, "full_time"),
        ({}, "full_time"),
    ):
        refused = personnel.effective_personnel(values)
        assert refused.total is None, values
        assert list(refused.problems) == [field], values


def test_acceptance_lists_every_problem_and_the_override_warns() -> None:
    verdict = rules.acceptance(
        competence_problems=["No lead auditor."],
        scope_problems=["Out of scope."],
        non_accredited=False,
        non_accredited_reason="",
    )
    assert verdict.refusal == (
        "The application cannot be accepted: (1) No lead auditor. (2) Out of scope."
    )
    override = rules.acceptance(
        competence_problems=[],
        scope_problems=["Out of scope."],
        non_accredited=True,
        non_accredited_reason="Client's wish.",
    )
    assert override.refusal is None
    assert override.warnings == ("Out of scope. (non-accredited certification: Client's wish.)",)
    # the flag without a reason overrides nothing
    assert rules.acceptance(
        competence_problems=[],
        scope_problems=["Out of scope."],
        non_accredited=True,
        non_accredited_reason=" ",
    ).problems == ("Out of scope.",)


def test_transfer_problems_each_guard() -> None:
    assert rules.transfer_problems(_facts(), today=TODAY) == []
    assert "Record the pre-transfer review" in rules.transfer_problems(None, today=TODAY)[0]
    assert (
        "suspended"
        in rules.transfer_problems(_facts(certificate_status="suspended"), today=TODAY)[0]
    )
    expired = rules.transfer_problems(_facts(certificate_expiry=dt.date(2026, 4, 30)), today=TODAY)
    assert "expired on 2026-04-30" in expired[0]
    # the review date decides, not today
    later = rules.transfer_problems(
        _facts(certificate_expiry=dt.date(2026, 4, 30), reviewed_on=dt.date(2026, 4, 1)),
        today=TODAY,
    )
    assert later == []
    assert "new client" in rules.transfer_problems(_facts(mla_signatory=False), today=TODAY)[0]
    assert (
        "1 major nonconformity is still open"
        in rules.transfer_problems(_facts(open_major_ncs=1), today=TODAY)[0]
    )
    partial = rules.transfer_problems(_facts(checklist={"scope": {"done": True}}), today=TODAY)
    assert "Reasons for the transfer" in partial[0]
    assert len(rules.transfer_problems(_facts(checklist={}, open_major_ncs=2), today=TODAY)) == 2


def test_checklist_shapes() -> None:
    assert rules.checklist_problems(DONE) == []
    assert rules.checklist_problems([]) != []
    problems = rules.checklist_problems({"scope": {"done": True, "extra": 1}, "x": {}})
    assert any("Unknown review items: x" in p for p in problems)
    assert any(p.startswith("scope:") for p in problems)
    rows = rules.checklist_rows({"scope": {"done": True, "finding": "ok"}, "reasons": "junk"})
    assert (rows[0].done, rows[0].finding, rows[1].done) == (True, "ok", False)


def test_sites_and_removal() -> None:
    sites = [rules.SiteFacts(pk=1, name="Works", client_id=1)]
    assert rules.sites_problem(client_id=1, sites=sites) is None
    assert "Works" in (rules.sites_problem(client_id=2, sites=sites) or "")
    assert rules.site_removal_problem(application_numbers=[], audits=0) is None
    message = rules.site_removal_problem(application_numbers=["APP-2026-0001"], audits=2)
    assert message is not None
    assert "application APP-2026-0001 and 2 certification audits" in message


def test_a_link_needs_one_of_the_clients_names() -> None:
    assert rules.link_matches(
        client_names=("Northwind  Castings", ""), organization_names=("northwind castings", "")
    )
    assert not rules.link_matches(client_names=("Acme",), organization_names=("Northwind", ""))
    assert not rules.link_matches(client_names=("",), organization_names=("",))
