"""Pages of the certification body: every page answers its permitted members; anonymous
goes to the log-in, a member without the permission gets 403, another organization's record
404; bad input is shown beside the field; the setup page and the matrices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from qms.certification.models import (
    Accreditation,
    AccreditationScope,
    AuditorQualification,
    CertificationBody,
)
from qms.certification.permissions import CB_AUDITOR, CERTIFICATION_MANAGER
from qms.certification.tests.body_world import Body, build_body, person, qualify
from qms.core.audit import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def cb(organization: Any) -> Body:
    return build_body(organization)


@pytest.fixture
def theirs(other_organization: Any) -> Body:
    return build_body(other_organization, email_domain="nw.test")


def _pages(cb: Body) -> list[str]:
    qualification = AuditorQualification.objects.filter(person=cb.lead).get()
    return [
        reverse("certification:body_detail"),
        reverse("certification:certificationbody_detail", args=[cb.body.pk]),
        reverse("certification:accreditation_list"),
        reverse("certification:accreditation_list") + "?status=active&q=UKAS",
        reverse("certification:accreditation_detail", args=[cb.accreditation.pk]),
        reverse("certification:accreditationscope_list"),
        reverse("certification:accreditationscope_detail", args=[cb.qms_line.pk]),
        reverse("certification:qualification_list"),
        reverse("certification:qualification_list") + "?expiring_within=90&grade=auditor",
        reverse("certification:qualification_list") + "?expired=false&standard=" + str(cb.qms.pk),
        reverse("certification:qualification_detail", args=[qualification.pk]),
        reverse("certification:qualification_matrix"),
    ]


def _manager_pages(cb: Body) -> list[str]:
    qualification = AuditorQualification.objects.filter(person=cb.lead).get()
    return [
        reverse("certification:body_edit"),
        reverse("certification:accreditation_add"),
        reverse("certification:accreditation_edit", args=[cb.accreditation.pk]),
        reverse("certification:accreditation_transition", args=[cb.accreditation.pk, "suspend"]),
        reverse("certification:accreditationscope_add") + f"?accreditation={cb.accreditation.pk}",
        reverse("certification:accreditationscope_edit", args=[cb.qms_line.pk]),
        reverse("certification:qualification_add"),
        reverse("certification:qualification_edit", args=[qualification.pk]),
    ]


def test_every_page_answers_a_certification_manager(cb: Body, client_for: Any) -> None:
    client = client_for(cb.manager)
    for url in [*_pages(cb), *_manager_pages(cb)]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_an_auditor_reads_but_does_not_change(cb: Body, client_for: Any) -> None:
    client = client_for(cb.lead)
    for url in _pages(cb):
        assert client.get(url).status_code == 200, url
    for url in _manager_pages(cb):
        assert client.get(url).status_code == 403, url
    detail = client.get(reverse("certification:body_detail")).content.decode()
    assert reverse("certification:body_edit") not in detail


def test_anonymous_goes_to_the_login(cb: Body, client_for: Any) -> None:
    client = client_for(None)
    for url in [*_pages(cb), *_manager_pages(cb)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response["Location"] or "login" in response["Location"], url


def test_a_member_without_a_certification_role_is_refused(cb: Body, client_for: Any) -> None:
    client = client_for(cb.employee)
    for url in [reverse("certification:body_detail"), reverse("certification:accreditation_list")]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("certification:qualification_matrix")).status_code == 403


def test_another_organizations_records_are_not_found(
    cb: Body, theirs: Body, client_for: Any
) -> None:
    client = client_for(cb.manager)
    qualification = AuditorQualification.objects.filter(person=theirs.lead).get()
    for name, pk in (
        ("certificationbody_detail", theirs.body.pk),
        ("certificationbody_edit", theirs.body.pk),
        ("accreditation_detail", theirs.accreditation.pk),
        ("accreditation_edit", theirs.accreditation.pk),
        ("accreditationscope_detail", theirs.qms_line.pk),
        ("accreditationscope_edit", theirs.qms_line.pk),
        ("qualification_detail", qualification.pk),
        ("qualification_edit", qualification.pk),
    ):
        response = client.get(reverse(f"certification:{name}", args=[pk]))
        assert response.status_code == 404, name
    response = client.post(
        reverse(
            "certification:accreditation_transition", args=[theirs.accreditation.pk, "suspend"]
        ),
        {"reason": "Taken over"},
    )
    assert response.status_code == 404
    theirs.accreditation.refresh_from_db()
    assert theirs.accreditation.status == "active"
    listing = client.get(reverse("certification:qualification_list")).content.decode()
    assert "nw.test" not in listing


def test_the_body_page_shows_policies_in_groups(cb: Body, client_for: Any) -> None:
    page = client_for(cb.manager).get(reverse("certification:body_detail")).content.decode()
    for text in ("Acme Certification", "Programme dates", "Audit time", "Certificates"):
        assert text in page
    assert "Expiry = decision date + 3 years" in page  # the help text


def test_without_a_body_a_manager_is_offered_the_setup_and_can_set_it_up(
    other_organization: Any, client_for: Any
) -> None:
    manager = person(other_organization, CERTIFICATION_MANAGER, "m@nw.test", "Nora North")
    client = client_for(manager)
    page = client.get(reverse("certification:body_detail")).content.decode()
    assert "Set up this organization as a certification body" in page
    assert 'value="Northwind Castings"' in page
    response = client.post(
        reverse("certification:body_setup"),
        {
            "name": "Northwind Certification",
            "expiry_days_less": "1",
            "surveillance_tolerance_months": "3",
            "recertification_lead_months": "3",
            "max_suspension_months": "6",
            "restoration_months": "6",
            "major_verification_months": "6",
            "major_response_days": "90",
            "minor_response_days": "30",
            "stage1_percent": "33.33",
            "audit_time_interpolation": "step",
            "qms_complexity_adjustments": "{}",
            "certificate_number_pattern": "{prefix}-{year}-{seq:04d}",
            "certificate_prefix": "NW",
        },
    )
    assert response.status_code == 302
    body = CertificationBody.objects.get(organization=other_organization)
    assert body.certificate_prefix == "NW"
    again = client.get(reverse("certification:body_setup"))
    assert again.status_code == 302  # already set up: back to the page


def test_without_a_body_others_read_why(other_organization: Any, client_for: Any) -> None:
    auditor = person(other_organization, CB_AUDITOR, "a@nw.test", "Al")
    client = client_for(auditor)
    page = client.get(reverse("certification:body_detail")).content.decode()
    assert "This organization is not a certification body" in page
    assert "Set up this organization" not in page
    assert client.post(reverse("certification:body_setup"), {"name": "X"}).status_code == 403
    assert client.get(reverse("certification:body_edit")).status_code == 404


def test_a_policy_out_of_range_is_shown_beside_its_field(cb: Body, client_for: Any) -> None:
    client = client_for(cb.manager)
    form = client.get(reverse("certification:body_edit")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["qms_complexity_adjustments"] = "{}"
    data["major_verification_months"] = "9"
    data["website"] = ""
    data["minimum_audit_days"] = ""
    response = client.post(reverse("certification:body_edit"), data)
    assert response.status_code == 400
    assert "major_verification_months" in response.context["form"].errors
    assert (
        "between 1 and 6 months" in response.context["form"].errors["major_verification_months"][0]
    )


def test_dates_out_of_order_are_shown_beside_valid_until(cb: Body, client_for: Any) -> None:
    response = client_for(cb.manager).post(
        reverse("certification:accreditation_add"),
        {
            "accreditation_body": "DAkkS",
            "number": "D-1",
            "standard_basis": "ISO/IEC 17021-1:2015",
            "valid_from": "2026-01-01",
            "valid_until": "2025-01-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["valid_until"] == ["The accreditation ends before it starts."]
    assert "__all__" not in errors


def test_a_scope_line_without_codes_is_refused_and_with_codes_added(
    cb: Body, client_for: Any
) -> None:
    client = client_for(cb.manager)
    url = reverse("certification:accreditationscope_add")
    form_page = client.get(f"{url}?accreditation={cb.accreditation.pk}").content.decode()
    assert "Manufacturing (3–24)" in form_page  # noqa: RUF001 - the band heading
    assert "17 Basic metals" in form_page
    data = {
        "accreditation": cb.accreditation.pk,
        "edition": cb.ohs_2018.pk,
        "valid_from": "2024-01-01",
        "valid_until": "2028-12-31",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "iaf_codes" in response.context["form"].errors
    response = client.post(url, {**data, "iaf_codes": [cb.metals.pk, cb.it.pk]})
    assert response.status_code == 302
    assert response["Location"] == cb.accreditation.get_absolute_url()
    line = AccreditationScope.objects.get(edition=cb.ohs_2018)
    assert {c.code for c in line.iaf_codes.all()} == {"17", "33"}


def test_the_accreditation_page_shows_the_scope_matrix(cb: Body, client_for: Any) -> None:
    page = client_for(cb.manager).get(cb.accreditation.get_absolute_url()).content.decode()
    assert "Scope matrix" in page
    assert "ISO 9001:2015" in page and "ISO 14001:2015" in page
    assert page.count("Accredited</td>") == 3  # 9001 in 17 and 28, 14001 in 17
    assert "Not accredited" in page  # 14001 in 28, in words
    assert "Suspend" in page and "Withdraw" in page


def test_suspending_from_the_page_needs_a_reason(cb: Body, client_for: Any) -> None:
    client = client_for(cb.manager)
    url = reverse("certification:accreditation_transition", args=[cb.accreditation.pk, "suspend"])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code in (400, 409)
    cb.accreditation.refresh_from_db()
    assert cb.accreditation.status == "active"
    response = client.post(
        url, {"reason": "Witness audit failed.", "version": cb.accreditation.version}
    )
    assert response.status_code == 302
    cb.accreditation.refresh_from_db()
    assert cb.accreditation.status == "suspended"
    assert AuditEvent.objects.filter(event_type="certification.accreditation.suspended").exists()


def test_a_qualification_for_someone_without_a_certification_role_is_refused(
    cb: Body, client_for: Any
) -> None:
    client = client_for(cb.manager)
    page = client.get(reverse("certification:qualification_add"))
    offered = {user.pk for user in page.context["form"].fields["person"].queryset}
    assert cb.employee.pk not in offered and cb.reviewer.pk in offered
    response = client.post(
        reverse("certification:qualification_add"),
        {
            "person": cb.employee.pk,
            "standard": cb.ohs.pk,
            "grade": "auditor",
            "iaf_codes": [cb.metals.pk],
            "valid_from": "2026-01-01",
            "valid_until": "2028-01-01",
        },
    )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    response = client.post(
        reverse("certification:qualification_add"),
        {
            "person": cb.reviewer.pk,
            "standard": cb.ohs.pk,
            "grade": "auditor",
            "iaf_codes": [cb.metals.pk],
            "valid_from": "2026-01-01",
            "valid_until": "2028-01-01",
        },
    )
    assert response.status_code == 302


def test_the_matrix_writes_expired_out(cb: Body, client_for: Any) -> None:
    qualify(
        cb.organization,
        cb.reviewer,
        cb.ems,
        "auditor",
        [cb.metals],
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2020, 1, 1),
    )
    page = client_for(cb.lead).get(reverse("certification:qualification_matrix")).content.decode()
    assert "Expired 2020-01-01" in page
    assert "Rita Reviewer" in page and "ISO 14001" in page
    assert "IAF 17, 28" in page  # the lead's codes


def test_the_list_says_expired_in_words_and_filters(cb: Body, client_for: Any) -> None:
    qualify(
        cb.organization,
        cb.reviewer,
        cb.ems,
        "auditor",
        [cb.metals],
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2020, 1, 1),
    )
    client = client_for(cb.manager)
    expired = client.get(reverse("certification:qualification_list") + "?expired=true")
    assert expired.status_code == 200
    text = expired.content.decode()
    lead_qualification = AuditorQualification.objects.get(person=cb.lead)
    assert "Rita Reviewer" in text and "Expired" in text
    assert lead_qualification.get_absolute_url() not in text
    person_filter = client.get(
        reverse("certification:qualification_list") + f"?person={cb.auditor.pk}"
    ).content.decode()
    assert "Dana Reed" in person_filter
    assert lead_qualification.get_absolute_url() not in person_filter


def test_lists_cost_the_same_for_few_and_many_rows(
    cb: Body, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(cb.manager)
    urls = [
        reverse("certification:accreditation_list"),
        reverse("certification:accreditationscope_list"),
        reverse("certification:qualification_list"),
        reverse("certification:qualification_matrix"),
        cb.accreditation.get_absolute_url(),
    ]
    few = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        few[url] = len(queries.captured_queries)
    for n in range(12):
        who = person(cb.organization, CB_AUDITOR, f"extra{n}@cb.test", f"Extra {n:02d}")
        qualify(cb.organization, who, cb.qms, "auditor", [cb.metals, cb.construction])
        qualify(cb.organization, who, cb.ems, "auditor", [cb.metals])
        Accreditation.objects.create  # noqa: B018 - the accreditations stay few in real life
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            assert client.get(url).status_code == 200
