"""Application pages: the matrix, the form (sites of the chosen client only, field errors,
the live ENP panel), the application's page (the review's check, the acceptance verdict,
the link to the audit-time calculation), the workflow pages (a refused acceptance names every
problem), the pre-transfer review form, filters, export and query budgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from qms.certification.clients import services
from qms.certification.models import Application, TransferReview
from qms.certification.tests.factories import ApplicationFactory, ClientFactory

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


def _form(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "client": world.client.pk,
        "type": "initial",
        "received_on": "2026-01-15",
        "editions": [world.edition.pk],
        "iaf_codes": [world.code17.pk],
        "scope": "Pressure gauges.",
        "sites": [world.site.pk],
        "full_time": 58,
        "shifts": 2,
        "part_time": 10,
        "part_time_hours": "20",
        "full_time_hours": "40",
        "seasonal": 4,
        "contractors": 0,
        "repetitive_reduction": "0",
        "complexity": "medium",
    }
    data.update(changes)
    return data


def test_the_application_pages_follow_the_matrix(
    world: World, client_for: Any, employee: Any, other_organization: Any
) -> None:
    application = _create(world)
    theirs = ApplicationFactory(organization=other_organization)
    lists = [reverse("certification:application_list"), reverse("certification:application_add")]
    objects = [
        reverse("certification:application_detail", args=[application.pk]),
        reverse("certification:application_edit", args=[application.pk]),
    ]
    for url in lists + objects:
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
        assert client_for(world.manager).get(url).status_code == 200, url
    for url in lists:
        assert client_for(employee).get(url).status_code == 403, url
    for url in objects:
        assert client_for(employee).get(url).status_code == 404, url
    # a technical reviewer reads and reviews, but does not edit the application
    assert client_for(world.reviewer).get(objects[0]).status_code == 200
    assert client_for(world.reviewer).get(objects[1]).status_code == 403
    for name in ("application_detail", "application_edit"):
        url = reverse(f"certification:{name}", args=[theirs.pk])
        assert client_for(world.manager).get(url).status_code == 404
    transition = reverse("certification:application_transition", args=[theirs.pk, "review"])
    assert client_for(world.reviewer).post(transition).status_code == 404


def test_an_application_is_added_from_the_form(world: World, client_for: Any) -> None:
    response = client_for(world.manager).post(
        reverse("certification:application_add"), _form(world)
    )
    assert response.status_code == 302
    application = Application.objects.filter(organization=world.organization).get()
    assert application.number.startswith("APP-")
    assert list(application.sites.all()) == [world.site]


def test_a_site_of_another_client_is_not_a_valid_choice(world: World, client_for: Any) -> None:
    response = client_for(world.manager).post(
        reverse("certification:application_add"),
        _form(world, sites=[world.site.pk, world.other_site.pk]),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["sites"]
    assert "not one of the available choices" in errors[0]
    assert not Application.objects.filter(organization=world.organization).exists()


def test_breakdown_errors_are_shown_beside_their_fields(world: World, client_for: Any) -> None:
    response = client_for(world.manager).post(
        reverse("certification:application_add"),
        _form(world, full_time=-3, repetitive_reduction="5", non_accredited="on"),
    )
    assert response.status_code == 400
    assert "full_time" in response.context["form"].errors

    response = client_for(world.manager).post(
        reverse("certification:application_add"),
        _form(world, repetitive_reduction="5", non_accredited="on"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"repetitive_reduction_justification", "non_accredited_reason"} <= set(errors)


def test_the_form_shows_the_enp_and_the_panel_answers_live(world: World, client_for: Any) -> None:
    browser = client_for(world.manager)
    page = browser.get(reverse("certification:application_add")).content.decode()
    assert 'id="enp-panel"' in page
    assert reverse("certification:application_enp") in page
    panel = browser.post(
        reverse("certification:application_enp"),
        {"full_time": "58", "part_time": "10", "part_time_hours": "20", "seasonal": "4"},
        HTTP_HX_REQUEST="true",
    )
    html = panel.content.decode()
    assert panel.status_code == 200
    assert "data-enp-total>67<" in html
    assert "10 part-time × 20 h / 40 h (5 full-time equivalents)" in html  # noqa: RUF001
    refused = browser.post(
        reverse("certification:application_enp"), {"full_time": "5", "part_time": "3"}
    )
    assert "data-enp-problem" in refused.content.decode()
    # nothing to compute for someone who may not add or change applications
    assert (
        client_for(world.auditor).post(reverse("certification:application_enp")).status_code == 403
    )


def test_the_client_is_preselected_from_the_client_page(world: World, client_for: Any) -> None:
    response = client_for(world.manager).get(
        reverse("certification:application_add"), {"client": world.client.pk}
    )
    form = response.context["form"]
    assert form.initial["client"] == world.client.pk
    assert list(form.fields["sites"].queryset) == [world.site]


def test_the_review_page_shows_who_is_qualified_and_the_scope(
    world: World, client_for: Any
) -> None:
    application = _create(world, iaf_codes=[world.code17, world.code28])
    browser = client_for(world.reviewer)
    response = browser.post(
        reverse("certification:application_transition", args=[application.pk, "review"]),
        {"version": application.version},
    )
    assert response.status_code == 302
    html = browser.get(application.get_absolute_url()).content.decode()
    assert "Competence: who is qualified" in html
    assert 'data-scope="outside"' in html
    assert "IAF code 28 (Construction) is outside the accredited scope" in html
    assert 'data-verdict="refused"' in html
    # the accept step is offered disabled, with the reasons
    assert "The application cannot be accepted: (1)" in html


def test_a_refused_acceptance_names_the_problems_and_changes_nothing(
    world: World, client_for: Any
) -> None:
    application = _create(world, editions=[world.edition, world.other_edition])
    services.application_review(actor=world.reviewer, instance=application)
    response = client_for(world.reviewer).post(
        reverse("certification:application_transition", args=[application.pk, "accept"]), {}
    )
    assert response.status_code == 409
    assert "No lead auditor of the certification body is qualified for" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "under_review"


def test_accept_and_decline_through_the_pages(world: World, client_for: Any) -> None:
    accepted = _create(world)
    declined = _create(world)
    browser = client_for(world.reviewer)
    for application in (accepted, declined):
        services.application_review(actor=world.reviewer, instance=application)
    response = browser.post(
        reverse("certification:application_transition", args=[accepted.pk, "accept"]), {}
    )
    assert response.status_code == 302
    missing = browser.post(
        reverse("certification:application_transition", args=[declined.pk, "decline"]),
        {"reason": ""},
    )
    assert missing.status_code == 409
    browser.post(
        reverse("certification:application_transition", args=[declined.pk, "decline"]),
        {"reason": "Outside our competence."},
    )
    declined.refresh_from_db()
    assert declined.status == "declined"
    html = browser.get(declined.get_absolute_url()).content.decode()
    assert "Outside our competence." in html
    # a decided application has no edit page any more
    edit = client_for(world.manager).get(
        reverse("certification:application_edit", args=[declined.pk])
    )
    assert edit.status_code == 302


def test_the_audit_time_link_is_shown_once_that_page_exists(world: World, client_for: Any) -> None:
    from django.urls import NoReverseMatch

    application = _create(world)
    html = client_for(world.reviewer).get(application.get_absolute_url()).content.decode()
    try:
        url = reverse("certification:audittime_add") + f"?application={application.pk}"
    except NoReverseMatch:
        assert "Calculate audit time" not in html
    else:
        assert url in html


def test_the_pre_transfer_review_form_records_the_checklist(world: World, client_for: Any) -> None:
    application = _create(world, type="transfer")
    browser = client_for(world.reviewer)
    url = reverse("certification:transferreview_add", args=[application.pk])
    assert browser.get(url).status_code == 200
    data = {
        "issuing_body": "Other Certification Ltd",
        "issuing_accreditation_body": "UKAS",
        "issuing_body_mla_signatory": "on",
        "certificate_number": "OC-1",
        "certificate_expiry": "2099-06-30",
        "certificate_status": "valid",
        "reason": "Better service.",
        "open_major_ncs": 0,
        "reviewed_on": "2026-02-01",
        "scope_done": "on",
        "scope_finding": "Inside our scope.",
    }
    assert browser.post(url, data).status_code == 302
    review = TransferReview.objects.filter(organization=world.organization).get()
    assert review.reviewer == world.reviewer
    assert review.checklist["scope"] == {"done": True, "finding": "Inside our scope."}
    assert review.checklist["regulatory"]["done"] is False
    html = browser.get(application.get_absolute_url()).content.decode()
    assert 'data-transfer="blocked"' in html and "still to do" in html
    # the add page now leads to the edit page, which keeps the answers
    assert browser.get(url).status_code == 302
    edit = reverse("certification:transferreview_edit", args=[review.pk])
    assert browser.get(edit).status_code == 200
    assert (
        browser.get(reverse("certification:transferreview_detail", args=[review.pk])).status_code
        == 200
    )
    # a certification auditor may read it but not record it
    assert client_for(world.auditor).get(url).status_code == 403


def test_the_list_filters_and_exports(world: World, client_for: Any) -> None:
    initial = _create(world)
    transfer = _create(world, type="transfer", editions=[world.other_edition])
    browser = client_for(world.manager)
    url = reverse("certification:application_list")
    html = browser.get(url, {"type": "transfer"}).content.decode()
    assert transfer.number in html and initial.number not in html
    html = browser.get(url, {"standard": world.edition.pk, "status": "received"}).content.decode()
    assert initial.number in html and transfer.number not in html
    html = browser.get(url, {"client": world.client.number}).content.decode()
    assert initial.number in html and transfer.number in html
    export = browser.get(url, {"export": "csv"})
    assert initial.number.encode() in b"".join(export.streaming_content)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_application_list_costs_the_same_for_few_and_many(
    world: World, client_for: Any, django_assert_max_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        ApplicationFactory(
            organization=world.organization,
            client=ClientFactory(organization=world.organization),
            received_on=dt.date(2026, 1, 2),
        )
    browser = client_for(world.manager)
    url = reverse("certification:application_list")
    browser.get(url)
    with django_assert_max_num_queries(12):
        assert browser.get(url).status_code == 200
