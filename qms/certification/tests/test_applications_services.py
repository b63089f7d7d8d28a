"""Applications through their services: numbering, the personnel breakdown (ENP shown term by
term), sites of the client only, the review workflow and its accept guard (accredited scope,
a qualified lead auditor, the non-accredited override) and the transfer guards of IAF MD 2."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qms.certification.clients import personnel, services
from qms.certification.models import Application
from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, TransitionRefused

from .test_clients_fixtures import World, application_data, cb_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organization: Any) -> World:
    return cb_world(organization)


def _create(world: World, **changes: Any) -> Application:
    return services.application_create(
        actor=world.manager,
        organization=world.organization,
        data=application_data(world, **changes),
    )


def _events(obj: Any, name: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            subject_type=obj._meta.label_lower, subject_id=str(obj.pk), event_type=name
        )
    )


def test_applications_are_numbered_per_year_and_recorded(world: World) -> None:
    first = _create(world)
    second = _create(world)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"APP-{year}-0001", f"APP-{year}-0002")
    assert first.status == "received"
    assert _events(first, "certification.application.received")


def test_the_worked_example_has_67_effective_personnel_explained_term_by_term(
    world: World,
) -> None:
    application = _create(world)
    enp = personnel.effective_personnel(personnel.breakdown_of(application))
    assert enp.total == Decimal("67")
    assert [term.value for term in enp.terms] == [58, 5, 4]
    assert "over 2 shifts" in enp.terms[0].explanation
    assert "10 part-time × 20 h / 40 h (5 full-time equivalents)" in enp.terms[1].explanation  # noqa: RUF001
    assert enp.explanation.endswith("= 67")


def test_a_reduction_needs_its_justification_and_is_subtracted(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, repetitive_reduction=Decimal("7"))
    assert "repetitive_reduction_justification" in refused.value.message_dict
    assert not Application.objects.filter(organization=world.organization).exists()

    application = _create(
        world,
        repetitive_reduction=Decimal("7"),
        repetitive_reduction_justification="Packing line: identical tasks.",
    )
    assert personnel.effective_personnel(personnel.breakdown_of(application)).total == 60


def test_a_site_of_another_client_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, sites=[world.site, world.other_site])
    assert "Yard" in refused.value.message_dict["sites"][0]


def test_non_accredited_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, non_accredited=True)
    assert "non_accredited_reason" in refused.value.message_dict


def test_a_standard_and_an_iaf_code_are_required(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, editions=[], iaf_codes=[])
    assert {"editions", "iaf_codes"} <= set(refused.value.message_dict)


def test_the_review_stores_the_check_the_reviewer_and_the_day(world: World) -> None:
    application = _create(world)
    reviewed = services.application_review(actor=world.reviewer, instance=application)
    reviewed.refresh_from_db()
    assert reviewed.status == "under_review"
    assert reviewed.reviewer == world.reviewer
    assert reviewed.reviewed_on == timezone.localdate()
    check = reviewed.competence_check
    assert check["can_cover"] is True
    entry = check["standards"][0]
    assert entry["edition"] == str(world.edition)
    assert [p["name"] for p in entry["lead_auditors"]] == ["lead@cb.test"]
    assert _events(reviewed, "certification.application.checked")


def test_accept_needs_the_request_inside_the_accredited_scope(world: World) -> None:
    application = _create(world, iaf_codes=[world.code17, world.code28])
    services.application_review(actor=world.reviewer, instance=application)
    with pytest.raises(TransitionRefused) as refused:
        services.application_accept(actor=world.reviewer, instance=application)
    message = refused.value.message
    assert message.startswith("The application cannot be accepted: (1)")
    assert "IAF code 28 (Construction) is outside the accredited scope" in message
    application.refresh_from_db()
    assert application.status == "under_review"


def test_accept_needs_a_qualified_lead_auditor_for_each_standard(world: World) -> None:
    application = _create(world, editions=[world.edition, world.other_edition])
    services.application_review(actor=world.reviewer, instance=application)
    with pytest.raises(TransitionRefused) as refused:
        services.application_accept(actor=world.reviewer, instance=application)
    assert "No lead auditor of the certification body is qualified for" in refused.value.message
    assert "ISO 14001" in refused.value.message


def test_non_accredited_with_a_reason_turns_scope_problems_into_warnings(world: World) -> None:
    # given a lead auditor also qualified in code 28, but code 28 outside the scope
    from qms.certification.models import AuditorQualification
    from qms.core.testing.audit_guard import allow_unaudited_writes

    with allow_unaudited_writes():
        AuditorQualification.objects.get(person=world.lead).iaf_codes.add(world.code28)
    application = _create(
        world,
        iaf_codes=[world.code28],
        non_accredited=True,
        non_accredited_reason="The client asked for a certificate without the mark.",
    )
    services.application_review(actor=world.reviewer, instance=application)

    # when it is accepted
    accepted = services.application_accept(actor=world.reviewer, instance=application)

    # then it is, and the stored check still names the scope problem
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert accepted.competence_check["scope_problems"]
    assert _events(accepted, "certification.application.accepted")


def test_decline_needs_a_reason_which_is_kept_for_the_applicant(world: World) -> None:
    application = _create(world)
    services.application_review(actor=world.reviewer, instance=application)
    with pytest.raises(TransitionRefused):
        services.application_decline(actor=world.reviewer, instance=application, reason="")
    declined = services.application_decline(
        actor=world.reviewer, instance=application, reason="We have no auditor free in 2026."
    )
    declined.refresh_from_db()
    assert declined.status == "declined"
    assert declined.decision_reason == "We have no auditor free in 2026."


def test_the_applicant_may_withdraw_and_a_decided_application_is_not_edited(
    world: World,
) -> None:
    application = _create(world)
    withdrawn = services.application_withdraw(
        actor=world.manager, instance=application, reason="Chose another body."
    )
    assert withdrawn.status == "withdrawn"
    with pytest.raises(Conflict):
        services.application_update(
            actor=world.manager, instance=withdrawn, data={"scope": "Changed."}
        )


def test_a_received_application_is_edited_with_its_event(world: World) -> None:
    application = _create(world)
    changed = services.application_update(
        actor=world.manager,
        instance=application,
        data={"seasonal": 6},
        version=application.version,
    )
    assert changed.seasonal == 6
    assert _events(changed, "certification.application.changed")


def test_editing_the_client_keeps_sites_of_that_client_only(world: World) -> None:
    application = _create(world)
    other = world.other_site.client
    with pytest.raises(ValidationError) as refused:
        services.application_update(
            actor=world.manager, instance=application, data={"client": other}
        )
    assert "Works" in refused.value.message_dict["sites"][0]


# --- Transfers (IAF MD 2) ------------------------------------------------------------------

ALL_DONE = {
    key: {"done": True, "finding": "Checked."}
    for key in (
        "scope",
        "reasons",
        "validity",
        "reports",
        "complaints",
        "cycle_stage",
        "regulatory",
    )
}


def _transfer(world: World, **review: Any) -> Application:
    application = _create(world, type="transfer")
    values = {
        "issuing_body": "Other Certification Ltd",
        "issuing_accreditation_body": "UKAS",
        "issuing_body_mla_signatory": True,
        "certificate_number": "OC-1",
        "certificate_expiry": dt.date(2099, 6, 30),
        "certificate_status": "valid",
        "reason": "Better service.",
        "checklist": ALL_DONE,
        **review,
    }
    services.transfer_review_save(actor=world.reviewer, application=application, data=values)
    services.application_review(actor=world.reviewer, instance=application)
    return application


def _refusal(world: World, application: Application) -> str:
    with pytest.raises(TransitionRefused) as refused:
        services.application_accept(actor=world.reviewer, instance=application)
    return refused.value.message


def test_a_transfer_with_a_passed_review_is_accepted(world: World) -> None:
    application = _transfer(world)
    assert services.application_accept(actor=world.reviewer, instance=application).status == (
        "accepted"
    )


def test_a_transfer_needs_its_review(world: World) -> None:
    application = _create(world, type="transfer")
    services.application_review(actor=world.reviewer, instance=application)
    assert "Record the pre-transfer review" in _refusal(world, application)


def test_a_transfer_needs_every_checklist_item_done(world: World) -> None:
    checklist = {**ALL_DONE, "complaints": {"done": False, "finding": ""}}
    message = _refusal(world, _transfer(world, checklist=checklist))
    assert "not complete" in message
    assert "Complaints received" in message


def test_a_suspended_certificate_is_not_transferred(world: World) -> None:
    message = _refusal(world, _transfer(world, certificate_status="suspended"))
    assert "The certificate is suspended" in message


def test_an_expired_certificate_is_not_transferred(world: World) -> None:
    message = _refusal(
        world,
        _transfer(world, certificate_expiry=dt.date(2026, 1, 1), reviewed_on=dt.date(2026, 2, 1)),
    )
    assert "expired on 2026-01-01, before the review date 2026-02-01" in message


def test_a_certificate_outside_the_mla_makes_a_new_client(world: World) -> None:
    message = _refusal(world, _transfer(world, issuing_body_mla_signatory=False))
    assert "not an IAF MLA signatory" in message
    assert "initial certification application" in message


def test_open_major_nonconformities_block_a_transfer(world: World) -> None:
    message = _refusal(world, _transfer(world, open_major_ncs=2))
    assert "2 major nonconformities are still open" in message


def test_only_a_transfer_has_a_pre_transfer_review(world: World) -> None:
    application = _create(world)
    with pytest.raises(ValidationError):
        services.transfer_review_save(
            actor=world.reviewer, application=application, data={"issuing_body": "X"}
        )


def test_a_malformed_checklist_is_refused(world: World) -> None:
    application = _create(world, type="transfer")
    with pytest.raises(ValidationError) as refused:
        services.transfer_review_save(
            actor=world.reviewer,
            application=application,
            data={
                "issuing_body": "Other",
                "issuing_accreditation_body": "UKAS",
                "certificate_number": "1",
                "certificate_expiry": dt.date(2099, 1, 1),
                "reason": "Why not.",
                "checklist": {"colour": {"done": True}, "scope": {"done": "yes"}},
            },
        )
    messages = " ".join(refused.value.message_dict["checklist"])
    assert "Unknown review items: colour" in messages
    assert "scope: done must be true or false" in messages
