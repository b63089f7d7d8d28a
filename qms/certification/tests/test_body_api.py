"""API of the certification body: the body's profile and policies, accreditations (with
their scope lines and transitions), scope lines, qualifications; field errors on bad input,
tenant-safe related fields, fixed query budgets on lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.certification.models import AccreditationScope, AuditorQualification, CertificationBody
from qms.certification.permissions import CB_AUDITOR, CERTIFICATION_MANAGER
from qms.certification.tests.body_world import Body, build_body, person, qualify
from qms.core.audit import AuditEvent

pytestmark = pytest.mark.django_db

API = "/api/v1/certification"


@pytest.fixture
def cb(organization: Any) -> Body:
    return build_body(organization)


@pytest.fixture
def theirs(other_organization: Any) -> Body:
    return build_body(other_organization, email_domain="nw.test")


def test_the_body_is_read_and_its_policies_patched(cb: Body, api_client_for: Any) -> None:
    api = api_client_for(cb.manager)
    response = api.get(f"{API}/body/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == cb.body.pk
    assert data["name"] == "Acme Certification"
    assert data["restoration_months"] == 6
    assert response["ETag"] == f'"{cb.body.version}"'
    response = api.patch(
        f"{API}/body/",
        {"surveillance_tolerance_months": 2, "qms_complexity_adjustments": {"high": 10}},
        format="json",
        HTTP_IF_MATCH=f'"{cb.body.version}"',
    )
    assert response.status_code == 200, response.json()
    assert response.json()["surveillance_tolerance_months"] == 2
    assert response.json()["qms_complexity_adjustments"] == {"high": 10}
    assert api.get(f"{API}/body/{cb.body.pk}/").json()["surveillance_tolerance_months"] == 2


def test_bad_policies_are_400_with_field_errors_and_nothing_written(
    cb: Body, api_client_for: Any
) -> None:
    api = api_client_for(cb.manager)
    before = AuditEvent.objects.count()
    response = api.patch(
        f"{API}/body/",
        {"restoration_months": 9, "certificate_number_pattern": "{client}"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"restoration_months", "certificate_number_pattern"}
    assert api.patch(f"{API}/body/", {"colour": "red"}, format="json").status_code == 400
    assert AuditEvent.objects.count() == before
    cb.body.refresh_from_db()
    assert cb.body.restoration_months == 6


def test_an_auditor_reads_the_body_but_may_not_change_it(cb: Body, api_client_for: Any) -> None:
    api = api_client_for(cb.lead)
    assert api.get(f"{API}/body/").status_code == 200
    assert api.patch(f"{API}/body/", {"name": "Mine"}, format="json").status_code == 403
    assert api.post(f"{API}/body/", {"name": "New"}, format="json").status_code == 405


def test_without_a_body_the_profile_is_not_found(
    other_organization: Any, api_client_for: Any
) -> None:
    manager = person(other_organization, CERTIFICATION_MANAGER, "m@nw.test", "Nora")
    response = api_client_for(manager).get(f"{API}/body/")
    assert response.status_code == 404
    assert response.json()["message"] == "This organization is not a certification body."


def test_a_member_without_a_certification_role_is_refused(cb: Body, api_client_for: Any) -> None:
    api = api_client_for(cb.employee)
    for url in ("body/", "accreditations/", "accreditation-scopes/", "qualifications/"):
        assert api.get(f"{API}/{url}").status_code == 403, url


def test_another_organizations_records_are_not_found(
    cb: Body, theirs: Body, api_client_for: Any
) -> None:
    api = api_client_for(cb.manager)
    qualification = AuditorQualification.objects.filter(person=theirs.lead).get()
    for url in (
        f"body/{theirs.body.pk}/",
        f"accreditations/{theirs.accreditation.pk}/",
        f"accreditation-scopes/{theirs.qms_line.pk}/",
        f"qualifications/{qualification.pk}/",
    ):
        assert api.get(f"{API}/{url}").status_code == 404, url
        assert api.patch(f"{API}/{url}", {"notes": "x"}, format="json").status_code == 404, url
    transition = f"{API}/accreditations/{theirs.accreditation.pk}/transitions/suspend/"
    assert api.post(transition, {"reason": "x"}, format="json").status_code == 404
    ids = [row["id"] for row in api.get(f"{API}/qualifications/").json()["results"]]
    assert qualification.pk not in ids and len(ids) == 4


def test_accreditations_with_their_scope_lines_and_transitions(
    cb: Body, api_client_for: Any
) -> None:
    api = api_client_for(cb.manager)
    listing = api.get(f"{API}/accreditations/").json()["results"]
    assert listing == [
        {
            "id": cb.accreditation.pk,
            "accreditation_body": "UKAS",
            "number": "1234",
            "standard_basis": "ISO/IEC 17021-1:2015",
            "status": "active",
            "valid_from": "2024-01-01",
            "valid_until": "2028-12-31",
            "version": cb.accreditation.version,
        }
    ]
    detail = api.get(f"{API}/accreditations/{cb.accreditation.pk}/").json()
    lines = {line["edition_name"] and line["standard"]: line for line in detail["scopes"]}
    assert lines["ISO 9001"]["iaf_code_values"] == ["17", "28"]
    assert lines["ISO 14001"]["iaf_code_values"] == ["17"]
    url = f"{API}/accreditations/{cb.accreditation.pk}/transitions/suspend/"
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 409
    response = api.post(url, {"reason": "Findings open."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "suspended"


def test_creating_an_accreditation_with_dates_out_of_order_is_a_field_error(
    cb: Body, api_client_for: Any
) -> None:
    api = api_client_for(cb.manager)
    response = api.post(
        f"{API}/accreditations/",
        {
            "accreditation_body": "DAkkS",
            "number": "D-1",
            "valid_from": "2026-01-01",
            "valid_until": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "valid_until": ["The accreditation ends before it starts."]
    }
    response = api.post(
        f"{API}/accreditations/",
        {"accreditation_body": "DAkkS", "number": "D-1", "status": "suspended"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == ["Unknown field."]


def test_scope_lines_need_codes_and_an_accreditation_of_ours(
    cb: Body, theirs: Body, api_client_for: Any
) -> None:
    api = api_client_for(cb.manager)
    body = {"accreditation": cb.accreditation.pk, "edition": cb.ohs_2018.pk, "iaf_codes": []}
    response = api.post(f"{API}/accreditation-scopes/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["iaf_codes"]
    foreign = {**body, "accreditation": theirs.accreditation.pk, "iaf_codes": [cb.it.pk]}
    response = api.post(f"{API}/accreditation-scopes/", foreign, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["accreditation"]
    response = api.post(
        f"{API}/accreditation-scopes/", {**body, "iaf_codes": [cb.it.pk]}, format="json"
    )
    assert response.status_code == 201, response.json()
    made = response.json()
    assert made["iaf_code_values"] == ["33"]
    assert made["valid_until"] == "2028-12-31"
    changed = api.patch(
        f"{API}/accreditation-scopes/{made['id']}/",
        {"iaf_codes": [cb.it.pk, cb.metals.pk]},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["iaf_code_values"] == ["17", "33"]
    moved = api.patch(
        f"{API}/accreditation-scopes/{made['id']}/",
        {"accreditation": theirs.accreditation.pk},
        format="json",
    )
    assert moved.status_code == 400
    assert AccreditationScope.objects.filter(organization=cb.organization).count() == 3


def test_qualifications_filter_expiring_within_and_expired(cb: Body, api_client_for: Any) -> None:
    today = timezone.localdate()
    qualify(
        cb.organization,
        cb.reviewer,
        cb.ohs,
        "auditor",
        [cb.metals],
        valid_from=today - dt.timedelta(days=400),
        valid_until=today + dt.timedelta(days=20),
    )
    api = api_client_for(cb.lead)
    soon = api.get(f"{API}/qualifications/", {"expiring_within": 30}).json()["results"]
    assert [row["person_name"] for row in soon] == ["Rita Reviewer"]
    assert soon[0]["standard_code"] == "ISO 45001"
    expired = api.get(f"{API}/qualifications/", {"expired": "true"}).json()["results"]
    ended = [row for row in expired if row["valid_until"] < today.isoformat()]
    assert ended == expired
    bad = api.get(f"{API}/qualifications/", {"expiring_within": "soon"})
    assert bad.status_code == 400
    assert "expiring_within" in bad.json()["errors"]
    row = soon[0]
    detail = api.get(f"{API}/qualifications/{row['id']}/").json()
    assert detail["validity"] == "Expiring"
    assert detail["iaf_code_values"] == ["17"]


def test_a_qualification_needs_a_member_with_a_certification_role(
    cb: Body, theirs: Body, api_client_for: Any
) -> None:
    api = api_client_for(cb.manager)
    body = {
        "standard": cb.ohs.pk,
        "grade": "auditor",
        "iaf_codes": [cb.metals.pk],
        "valid_from": "2026-01-01",
        "valid_until": "2028-01-01",
    }
    employee = api.post(f"{API}/qualifications/", {**body, "person": cb.employee.pk})
    assert employee.status_code == 400
    assert list(employee.json()["errors"]) == ["person"]
    outsider = api.post(f"{API}/qualifications/", {**body, "person": theirs.lead.pk})
    assert outsider.status_code == 400
    assert list(outsider.json()["errors"]) == ["person"]
    reversed_dates = api.post(
        f"{API}/qualifications/",
        {**body, "person": cb.reviewer.pk, "valid_until": "2020-01-01"},
    )
    assert reversed_dates.status_code == 400
    assert reversed_dates.json()["errors"] == {
        "valid_until": ["The qualification ends before it starts."]
    }
    made = api.post(f"{API}/qualifications/", {**body, "person": cb.reviewer.pk})
    assert made.status_code == 201, made.json()
    assert made.json()["person_name"] == "Rita Reviewer"


def _queries(api: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries.captured_queries)


def test_lists_cost_the_same_for_few_and_many_rows(cb: Body, api_client_for: Any) -> None:
    api = api_client_for(cb.manager)
    urls = [
        f"{API}/accreditations/",
        f"{API}/accreditation-scopes/",
        f"{API}/qualifications/",
        f"{API}/qualifications/?expiring_within=60",
        f"{API}/accreditations/{cb.accreditation.pk}/",
    ]
    for url in urls:  # warm: the token's first use, caches
        api.get(url)
    few = {url: _queries(api, url) for url in urls}
    for n in range(12):
        who = person(cb.organization, CB_AUDITOR, f"more{n}@cb.test", f"More {n:02d}")
        qualify(cb.organization, who, cb.qms, "auditor", [cb.metals, cb.construction])
    many = {url: _queries(api, url) for url in urls}
    assert many == few
    assert CertificationBody.objects.count() == 1


def test_a_second_line_for_the_same_edition_is_refused(cb: Body, api_client_for: Any) -> None:
    response = api_client_for(cb.manager).post(
        f"{API}/accreditation-scopes/",
        {"accreditation": cb.accreditation.pk, "edition": cb.qms_2015.pk, "iaf_codes": [cb.it.pk]},
        format="json",
    )
    assert response.status_code in (400, 409)
    assert "already in the accreditation" in str(response.json())
